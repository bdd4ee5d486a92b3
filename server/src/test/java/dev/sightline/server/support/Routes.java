package dev.sightline.server.support;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.CompositeIndex;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;

/**
 * Every HTTP route and gRPC service Sightline's own code declares, read from the Jandex indexes each module ships
 * (the same indexes Quarkus builds the application from). Tests that must cover "every endpoint" enumerate them
 * here, so a resource added later is covered without anyone remembering to list it.
 */
public final class Routes {
    private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD");
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final DotName GRPC_SERVICE = DotName.createSimple("io.quarkus.grpc.GrpcService");

    /** A declared route; {@code template} keeps JAX-RS's {@code {name}} and {@code {name: regex}} placeholders. */
    public record Route(String method, String template, String declaredBy) implements Comparable<Route> {
        @Override
        public int compareTo(Route o) {
            int c = template.compareTo(o.template);
            return c != 0 ? c : method.compareTo(o.method);
        }

        /** The template with each placeholder replaced by {@code value}. */
        public String path(String value) {
            return template.replaceAll("\\{[^}]+}", value);
        }
    }

    private Routes() {
    }

    public static List<Route> http() {
        IndexView index = index();
        TreeSet<Route> routes = new TreeSet<>();
        for (AnnotationInstance path : index.getAnnotations(PATH)) {
            if (path.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo resource = path.target().asClass();
            if (!resource.name().toString().startsWith("dev.sightline.")) {
                continue;
            }
            String base = path.value().asString();
            for (MethodInfo m : resource.methods()) {
                for (String verb : HTTP_METHODS) {
                    if (m.hasDeclaredAnnotation(DotName.createSimple("jakarta.ws.rs." + verb))) {
                        AnnotationInstance sub = m.declaredAnnotation(PATH);
                        String template = join(base, sub == null ? "" : sub.value().asString());
                        routes.add(new Route(verb, template, resource.simpleName() + "." + m.name()));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    /** Classes annotated {@code @GrpcService} in Sightline's code. */
    public static List<String> grpcServiceClasses() {
        return index().getAnnotations(GRPC_SERVICE).stream()
                .map(a -> a.target().asClass().name().toString())
                .filter(n -> n.startsWith("dev.sightline.")).sorted().toList();
    }

    private static String join(String base, String sub) {
        String b = base.startsWith("/") ? base : "/" + base;
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        if (sub.isEmpty()) {
            return b.isEmpty() ? "/" : b;
        }
        return b + (sub.startsWith("/") ? sub : "/" + sub);
    }

    private static IndexView index() {
        List<IndexView> indexes = new ArrayList<>();
        try {
            Enumeration<URL> urls = Routes.class.getClassLoader().getResources("META-INF/jandex.idx");
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                try (InputStream in = url.openStream()) {
                    indexes.add(new IndexReader(in).read());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CompositeIndex.create(indexes);
    }
}
