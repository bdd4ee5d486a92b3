package dev.sightline.server.support;

import com.google.rpc.RetryInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.time.Duration;

/** The retry hint a gRPC refusal carries, as OTLP clients read it. */
public final class RetryHints {
    private RetryHints() {
    }

    /** The delay of the {@code google.rpc.RetryInfo} in the refusal's status details; fails the test without one. */
    public static Duration grpcRetryDelay(StatusRuntimeException refusal) {
        com.google.rpc.Status details = StatusProto.fromThrowable(refusal);
        if (details == null) {
            throw new AssertionError("no status details in " + refusal);
        }
        return details.getDetailsList().stream().filter(d -> d.is(RetryInfo.class)).findFirst().map(d -> {
            try {
                com.google.protobuf.Duration delay = d.unpack(RetryInfo.class).getRetryDelay();
                return Duration.ofSeconds(delay.getSeconds(), delay.getNanos());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).orElseThrow(() -> new AssertionError("no RetryInfo in " + details));
    }
}
