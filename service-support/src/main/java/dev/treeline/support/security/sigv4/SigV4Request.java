package dev.treeline.support.security.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request as received, before any decoding: what the verifier needs and nothing more.
 * <ul>
 *   <li>{@code rawPath}: the path exactly as on the request line, still percent-encoded (Vert.x
 *       {@code HttpServerRequest.path()}, JAX-RS {@code UriInfo.getRequestUri().getRawPath()}), never a decoded
 *       one;</li>
 *   <li>{@code rawQuery}: the query string without '?', still encoded, or null;</li>
 *   <li>headers: names case-insensitive, a name may repeat (values kept in arrival order); with HTTP/2 pass the
 *       {@code :authority} as {@code host};</li>
 *   <li>the payload: the body bytes, or the hex SHA-256 the caller computed while reading it.</li>
 * </ul>
 * A server passes its own header map as a {@link HeaderSource} instead of copying every header: the verifier reads
 * only the few it needs (the signed ones, {@code authorization}, {@code x-amz-date}, {@code x-amz-content-sha256},
 * {@code x-amz-security-token}), which matters on a route that answers tens of thousands of requests a second.
 */
public final class SigV4Request {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final HeaderSource source;
    private final byte[] body;
    private final String payloadSha256;

    private SigV4Request(Builder b) {
        this.method = Objects.requireNonNull(b.method, "method");
        this.rawPath = b.rawPath == null ? "" : b.rawPath;
        this.rawQuery = b.rawQuery;
        // The builder hands its map over (it cannot be used again), so nothing is copied.
        this.headers = b.headers == null ? Map.of() : Collections.unmodifiableMap(b.headers);
        this.source = b.source;
        this.body = b.body;
        this.payloadSha256 = b.payloadSha256;
    }

    public static Builder builder(String method, String rawPath) {
        return new Builder(method, rawPath);
    }

    public String method() {
        return method;
    }

    public String rawPath() {
        return rawPath;
    }

    /** The raw query string (no '?'), or null. */
    public String rawQuery() {
        return rawQuery;
    }

    /** Every value of a header, in arrival order (empty if absent). */
    public List<String> headers(String name) {
        return headersLowerCase(isLowerCase(name) ? name : name.toLowerCase(Locale.ROOT));
    }

    /** {@link #headers(String)} for a name known to be lower-case (the hot path). */
    List<String> headersLowerCase(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        if (values == null && source != null) {
            values = source.all(lowerCaseName);
        }
        return values == null ? List.of() : values;
    }

    /**
     * Reads a received request's headers by lower-case name, case-insensitively, every value in arrival order
     * (empty or null when absent), e.g. {@code name -> vertxRequest.headers().getAll(name)}.
     */
    @FunctionalInterface
    public interface HeaderSource {
        List<String> all(String lowerCaseName);
    }

    static boolean isLowerCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || c > 0x7f) {
                return false;
            }
        }
        return true;
    }


    byte[] body() {
        return body;
    }

    String payloadSha256() {
        return payloadSha256;
    }

    @Override
    public String toString() {
        return "SigV4Request[" + method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery) + ", headers="
                + headers.keySet() + (source == null ? "" : " and a header source") + "]";
    }

    public static final class Builder {
        private final String method;
        private final String rawPath;
        private String rawQuery;
        private Map<String, List<String>> headers; // created by the first header(): a server passes a source
        private HeaderSource source;
        private boolean built;
        private byte[] body;
        private String payloadSha256;

        private Builder(String method, String rawPath) {
            this.method = method;
            this.rawPath = rawPath;
        }

        public Builder rawQuery(String query) {
            this.rawQuery = query == null || query.isEmpty() ? null : query;
            return this;
        }

        /** Adds one value; call again for a repeated header. Takes precedence over the {@link #headerSource}. */
        public Builder header(String name, String value) {
            requireNotBuilt();
            if (headers == null) {
                headers = new LinkedHashMap<>();
            }
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(value == null ? "" : value);
            return this;
        }

        /** Adds every value of every header (any map: names are folded to lower case here). */
        public Builder headers(Map<String, ? extends List<String>> all) {
            all.forEach((name, values) -> values.forEach(v -> header(name, v)));
            return this;
        }

        /** Every header not {@linkplain #header added} one by one is read from here when the verifier asks. */
        public Builder headerSource(HeaderSource headerSource) {
            requireNotBuilt();
            this.source = headerSource;
            return this;
        }

        private void requireNotBuilt() {
            if (built) {
                throw new IllegalStateException("this builder has built its request already");
            }
        }

        /** The body as received (not copied; do not change it). */
        public Builder body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        /** The hex SHA-256 of the body, if the caller hashed it while streaming (instead of {@link #body}). */
        public Builder payloadSha256(String hex) {
            this.payloadSha256 = hex;
            return this;
        }

        public SigV4Request build() {
            requireNotBuilt();
            built = true;
            return new SigV4Request(this);
        }
    }
}
