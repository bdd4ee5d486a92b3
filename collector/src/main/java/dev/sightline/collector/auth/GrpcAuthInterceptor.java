package dev.sightline.collector.auth;

import dev.sightline.security.AccessDecision;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Principal;
import dev.sightline.security.Scope;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every gRPC method needs an ingest token (the health service excepted, so probes work without one). The
 * principal travels to the export in the call's {@link Context}: the export reads the tenant from there, never
 * from the data.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcAuthInterceptor implements ServerInterceptor {
    /** The principal of the current call; set for every call this interceptor lets through. */
    public static final Context.Key<Principal> PRINCIPAL = Context.key("sightline-principal");

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

    private final Authenticator authenticator;

    public GrpcAuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        AccessDecision decision = authenticator.decide(Authenticator.bearer(headers.get(AUTHORIZATION)), Scope.INGEST);
        if (!decision.allowed()) {
            Status status = decision.outcome() == AccessDecision.Outcome.FORBIDDEN
                    ? Status.PERMISSION_DENIED : Status.UNAUTHENTICATED;
            call.close(status.withDescription(decision.message()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, decision.principal()), call, headers,
                next);
    }
}
