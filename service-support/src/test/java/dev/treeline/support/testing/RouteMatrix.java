package dev.treeline.support.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.treeline.support.security.RouteInventory;

/**
 * The routes a service declares with the access each needs, plus sample path parameters and bodies so that every
 * route can be called. Filled by {@link RouteMatrixContract#declareRoutes(RouteMatrix)}.
 */
public final class RouteMatrix {

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private String basicUser;
    private String basicPassword;

    /** A declared route; {@link #key()} is {@code METHOD /normalised/{template}}. */
    public static final class Entry {
        private final String method;
        private final String template;
        private final RouteAccess access;
        private final Map<String, String> pathParams = new LinkedHashMap<>();
        private String contentType = "application/json";
        private String body;

        Entry(String method, String template, RouteAccess access) {
            this.method = method;
            this.template = template;
            this.access = access;
        }

        /** A sample JSON body, so that a caller with the role gets past validation-free parsing. */
        public Entry body(String json) {
            return body("application/json", json);
        }

        public Entry body(String contentType, String body) {
            this.contentType = contentType;
            this.body = body;
            return this;
        }

        /** A sample value for one path parameter of this route only. */
        public Entry pathParam(String name, String value) {
            pathParams.put(name, value);
            return this;
        }

        public String method() {
            return method;
        }

        public String template() {
            return template;
        }

        public RouteAccess access() {
            return access;
        }

        public String key() {
            return method + " " + template;
        }

        RouteCall call(Map<String, String> shared) {
            Matcher m = PARAM.matcher(template);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String value = pathParams.getOrDefault(m.group(1), shared.getOrDefault(m.group(1), "sample-" + m.group(1)));
                m.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            m.appendTail(path);
            String resolved = path.toString().endsWith("/*")
                    ? path.substring(0, path.length() - 1) + "sample" : path.toString();
            return new RouteCall(method, template, resolved, contentType, body);
        }
    }

    public Entry get(String path, RouteAccess access) {
        return route("GET", path, access);
    }

    public Entry post(String path, RouteAccess access) {
        return route("POST", path, access);
    }

    public Entry put(String path, RouteAccess access) {
        return route("PUT", path, access);
    }

    public Entry patch(String path, RouteAccess access) {
        return route("PATCH", path, access);
    }

    public Entry delete(String path, RouteAccess access) {
        return route("DELETE", path, access);
    }

    /** A Vert.x route registered for every method ({@code router.route(path)}). */
    public Entry anyMethod(String path, RouteAccess access) {
        return route("*", path, access);
    }

    /** Declares {@code method path} (path templates with {@code {id}} or {@code :id}). Declaring one twice fails. */
    public Entry route(String method, String path, RouteAccess access) {
        Entry entry = new Entry(method.toUpperCase(Locale.ROOT), RouteInventory.normalise(path), access);
        if (entries.putIfAbsent(entry.key(), entry) != null) {
            throw new IllegalArgumentException(entry.key() + " is declared twice in the route matrix");
        }
        return entry;
    }

    /** A sample value for a path parameter of every route that has it (a route's own value wins). */
    public RouteMatrix pathParam(String name, String value) {
        pathParams.put(name, value);
        return this;
    }

    /**
     * Valid HTTP Basic credentials (the registry's): the basic-login route must accept them, and every Bearer
     * route must still refuse them with 401.
     */
    public RouteMatrix basicCredentials(String user, String password) {
        this.basicUser = user;
        this.basicPassword = password;
        return this;
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public Optional<Entry> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public Map<String, String> pathParams() {
        return Map.copyOf(pathParams);
    }

    public Optional<String[]> basicCredentials() {
        return basicUser == null ? Optional.empty() : Optional.of(new String[] {basicUser, basicPassword});
    }

    RouteCall call(Entry entry) {
        return entry.call(pathParams);
    }
}
