package dev.treeline.support.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.resteasy.reactive.server.core.Deployment;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.handlers.RestInitialHandler;
import org.jboss.resteasy.reactive.server.mapping.RequestMapper;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * Every HTTP route of the running application's main router (not the management interface): the Vert.x routes
 * that have a path, and every JAX-RS resource method of the running Quarkus REST deployment, read from the
 * deployment itself (so a resource added later is listed without anyone remembering to). The route-matrix test
 * ({@code RouteMatrixContract} in the test jar) holds this list against the roles a service declares.
 * <p>
 * Path templates are normalised to one form: JAX-RS {@code {id}} and {@code {id: [0-9]+}} and Vert.x {@code :id}
 * all become {@code {id}}. A Vert.x route without a path (a catch-all handler: body handler, CORS, authentication,
 * the REST dispatcher, the 404 handler) is not a route of its own and is skipped; a Vert.x route for every method
 * has method {@code *}.
 */
@ApplicationScoped
public class RouteInventory {

    /** Where a route comes from. */
    public enum Kind { VERTX, JAXRS }

    /** One route: method (upper case, {@code *} for any), normalised path template, kind. */
    public record Route(String method, String path, Kind kind) implements Comparable<Route> {

        public static final String ANY_METHOD = "*";

        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            method = method.toUpperCase(Locale.ROOT);
            path = path.startsWith("regex:") ? path : normalise(path);
        }

        /** {@code GET /runs/{id}}: what a matrix declares and a failure message names. */
        public String key() {
            return method + " " + path;
        }

        @Override
        public int compareTo(Route other) {
            return ORDER.compare(this, other);
        }

        @Override
        public String toString() {
            return key() + " (" + kind + ")";
        }

        private static final Comparator<Route> ORDER = Comparator.comparing(Route::path)
                .thenComparing(Route::method).thenComparing(Route::kind);
    }

    private static final Pattern JAXRS_PARAM = Pattern.compile("\\{\\s*([A-Za-z0-9_.\\-]+)\\s*(?::[^}]*)?}");
    private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z0-9_]+)");

    private volatile Router mainRouter;

    void observe(@Observes Router router) {
        // Quarkus fires the main router only; the management interface has an event of its own.
        this.mainRouter = router;
    }

    /** Every route, sorted by path then method. */
    public List<Route> routes() {
        Set<Route> all = new TreeSet<>();
        all.addAll(vertxRoutes());
        all.addAll(jaxrsRoutes());
        return List.copyOf(all);
    }

    /** The Vert.x routes of the main router that have a path. */
    public List<Route> vertxRoutes() {
        Router router = mainRouter;
        if (router == null) {
            return List.of();
        }
        Set<String> restDispatcher = restDispatcherPaths();
        List<Route> routes = new ArrayList<>();
        for (io.vertx.ext.web.Route route : router.getRoutes()) {
            String path = vertxPath(route);
            if (path == null) {
                continue;
            }
            Set<HttpMethod> methods = route.methods();
            if (methods == null || methods.isEmpty()) {
                if (restDispatcher.contains(normalise(path))) {
                    // Quarkus REST mounts its dispatcher for every method at its root and root/*: its resource
                    // methods are listed one by one by jaxrsRoutes()
                    continue;
                }
                routes.add(new Route(Route.ANY_METHOD, path, Kind.VERTX));
            } else {
                for (HttpMethod method : methods) {
                    routes.add(new Route(method.name(), path, Kind.VERTX));
                }
            }
        }
        return routes;
    }

    /** Every resource method of the running Quarkus REST (RESTEasy Reactive) deployment, with its full path. */
    public List<Route> jaxrsRoutes() {
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        if (deployment == null) {
            return List.of();
        }
        String prefix = deployment.getPrefix() == null ? "" : deployment.getPrefix();
        List<Route> routes = new ArrayList<>();
        for (RequestMapper.RequestPath<RestInitialHandler.InitialMatch> classPath : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classPath.value.handlers) {
                if (!(handler instanceof ClassRoutingHandler classRouting)) {
                    continue;
                }
                for (Map.Entry<String, RequestMapper<RuntimeResource>> byMethod : classRouting.getMappers().entrySet()) {
                    for (RequestMapper.RequestPath<RuntimeResource> method : byMethod.getValue().getTemplates()) {
                        RuntimeResource resource = method.value;
                        String httpMethod = resource.getHttpMethod() != null ? resource.getHttpMethod()
                                : byMethod.getKey() != null ? byMethod.getKey() : Route.ANY_METHOD;
                        String classTemplate = resource.getClassPath() != null ? resource.getClassPath().template
                                : classPath.template.template;
                        String methodTemplate = resource.getPath() == null ? "" : resource.getPath().template;
                        routes.add(new Route(httpMethod, join(prefix, classTemplate, methodTemplate), Kind.JAXRS));
                    }
                }
            }
        }
        return routes;
    }

    private static Set<String> restDispatcherPaths() {
        Deployment deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        if (deployment == null) {
            return Set.of();
        }
        String root = normalise(deployment.getPrefix() == null ? "/" : deployment.getPrefix());
        return Set.of(root, join(root, "*"));
    }

    /**
     * One form for a path template: a leading slash, no trailing slash (except the root), no doubled slashes,
     * {@code {name}} for every JAX-RS template parameter (its regular expression dropped) and Vert.x
     * {@code :name} parameter.
     */
    public static String normalise(String path) {
        String p = path.trim();
        if (p.isEmpty()) {
            return "/";
        }
        Matcher jaxrs = JAXRS_PARAM.matcher(p);
        StringBuilder out = new StringBuilder();
        while (jaxrs.find()) {
            jaxrs.appendReplacement(out, Matcher.quoteReplacement("{" + jaxrs.group(1) + "}"));
        }
        jaxrs.appendTail(out);
        p = VERTX_PARAM.matcher(out.toString()).replaceAll("{$1}");
        p = ("/" + p).replaceAll("/{2,}", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static String join(String... parts) {
        return normalise(String.join("/", parts));
    }

    private static String vertxPath(io.vertx.ext.web.Route route) {
        String path = route.getPath();
        if (path != null) {
            // path("/static/*") is stored as the prefix "/static/" with exactPath false
            return route.isExactPath() ? path : (path.endsWith("/") ? path : path + "/") + "*";
        }
        if (route.isRegexPath()) {
            // a regular-expression route is an application route too: named by its expression
            String name = route.getName();
            return name == null ? "regex:" + route : "regex:" + name;
        }
        return null;
    }
}
