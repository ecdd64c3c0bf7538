package dev.treeline.support.security.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pieces of the SigV4 canonical request, computed from a request as received. Follows the AWS SigV4
 * specification as the SDK for Java v2 ({@code V4CanonicalRequest}, options double-url-encode and normalize-path,
 * both on for every service but S3) and botocore ({@code SigV4Auth}) implement it:
 * <ul>
 *   <li>URI: the raw (already percent-encoded once) path, with dot segments and empty segments removed, then
 *       percent-encoded again (so {@code %20} becomes {@code %2520}); '/' stays; a trailing '/' is kept only if the
 *       raw path ends with one;</li>
 *   <li>query: each parameter percent-decoded then re-encoded (RFC 3986 unreserved characters stay), empty names
 *       dropped, a missing value signed as empty, sorted by name then value;</li>
 *   <li>headers: the signed ones only, lower-case names in the order of {@code SignedHeaders}, every value of a
 *       repeated header joined with ',', each trimmed with inner runs of whitespace folded to one space.</li>
 * </ul>
 * Public for tests and for diagnosing a client; the verifier is the entry point.
 */
public final class CanonicalRequest {

    /** SHA-256 of the empty string. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {
    }

    /** The canonical URI for a service other than S3 (normalised, encoded twice in total). */
    public static String canonicalUri(String rawPath) {
        return canonicalUri(rawPath, true, true);
    }

    public static String canonicalUri(String rawPath, boolean normalize, boolean doubleEncode) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (normalize && needsNormalization(path)) {
            path = normalizePath(path);
        }
        if (doubleEncode) {
            path = uriEncode(path, true);
        }
        return path.isEmpty() ? "/" : path;
    }

    /** Whether the path has an empty, "." or ".." segment (most paths have none: no work for them). */
    static boolean needsNormalization(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return true;
        }
        int n = path.length();
        for (int i = 0; i < n; i++) {
            if (path.charAt(i) != '/') {
                continue;
            }
            int next = i + 1;
            if (next < n && path.charAt(next) == '/') {
                return true;
            }
            if (next < n && path.charAt(next) == '.') {
                int after = next + 1;
                if (after == n || path.charAt(after) == '/') {
                    return true;
                }
                if (path.charAt(after) == '.' && (after + 1 == n || path.charAt(after + 1) == '/')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 3986 remove-dot-segments, plus the removal of empty segments ("//") that AWS services do. */
    public static String normalizePath(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int len = path.length();
        while (start <= len) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? len : slash;
            String segment = path.substring(start, end);
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                out.add(segment);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        StringBuilder sb = new StringBuilder(len);
        sb.append('/');
        sb.append(String.join("/", out));
        if (!out.isEmpty() && path.endsWith("/")) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** Percent-encodes the UTF-8 bytes of {@code s}, leaving A-Z a-z 0-9 - . _ ~ (and '/' when asked) as they are. */
    public static String uriEncode(CharSequence s, boolean keepSlash) {
        StringBuilder out = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isUnreserved(c) || (keepSlash && c == '/')) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
                out.append(s, 0, i);
            }
            int cp = Character.codePointAt(s, i);
            if (Character.charCount(cp) == 2) {
                i++;
            }
            byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                out.append('%').append(HEX_UPPER[(b >> 4) & 0xF]).append(HEX_UPPER[b & 0xF]);
            }
        }
        return out == null ? s.toString() : out.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** One query parameter, decoded. */
    record QueryParam(String name, String value) {
    }

    /** Splits a raw query string into decoded parameters, in order. A parameter without '=' has the value "". */
    static List<QueryParam> parseQuery(String rawQuery) {
        List<QueryParam> params = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.add(new QueryParam(percentDecode(name), percentDecode(value)));
        }
        return params;
    }

    /** The canonical query string of a raw query, leaving out the parameter {@code excluded} (or none if null). */
    public static String canonicalQuery(String rawQuery, String excluded) {
        return canonicalQuery(parseQuery(rawQuery), excluded);
    }

    static String canonicalQuery(List<QueryParam> params, String excluded) {
        if (params.isEmpty()) {
            return "";
        }
        List<String[]> encoded = new ArrayList<>(params.size());
        for (QueryParam p : params) {
            if (p.name().isEmpty() || p.name().equals(excluded)) {
                continue;
            }
            encoded.add(new String[] {uriEncode(p.name(), false), uriEncode(p.value(), false)});
        }
        encoded.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder sb = new StringBuilder(64);
        for (String[] p : encoded) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /**
     * Decodes %XX sequences (a '+' stays a '+': AWS signers encode a space as %20). A malformed sequence or invalid
     * UTF-8 leaves the text as it was, so the signature check fails rather than the parse.
     */
    static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return s;
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return s;
                }
                bytes.write((hi << 4) | lo);
                i += 2;
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    raw = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return s;
        }
    }

    /**
     * The canonical headers block (each line ends with '\n') for the signed header names, in their given order.
     * {@code hostOverride}, when present, replaces the received {@code host}.
     */
    public static String canonicalHeaders(SigV4Request request, List<String> signedHeaders,
                                          Optional<String> hostOverride) {
        CanonicalBytes out = new CanonicalBytes(256);
        appendHeaders(out, request, signedHeaders, hostOverride, null, null);
        return out.toString();
    }

    /**
     * Writes the canonical headers block. {@code xAmzDate} and {@code xAmzContentSha256}, when not null, are the
     * values of these headers the caller has already read (they are not asked for again).
     */
    static void appendHeaders(CanonicalBytes out, SigV4Request request, List<String> signedHeaders,
                              Optional<String> hostOverride, List<String> xAmzDate, List<String> xAmzContentSha256) {
        for (int n = 0; n < signedHeaders.size(); n++) {
            String name = signedHeaders.get(n);
            out.append(name).append(':');
            if (hostOverride.isPresent() && name.equals("host")) {
                out.append(hostOverride.get());
            } else {
                List<String> values = xAmzDate != null && name.equals("x-amz-date") ? xAmzDate
                        : xAmzContentSha256 != null && name.equals("x-amz-content-sha256") ? xAmzContentSha256
                        : request.headersLowerCase(name);
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.appendTrimmed(values.get(i));
                }
            }
            out.append('\n');
        }
    }

    /** The canonical request: method, URI, query, headers block, signed headers, payload hash, joined by '\n'. */
    public static String build(String method, String canonicalUri, String canonicalQuery, String canonicalHeaders,
                               String signedHeaders, String payloadHash) {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n' + signedHeaders
                + '\n' + payloadHash;
    }

    /** The string to sign, from the hex SHA-256 of the canonical request. */
    public static String stringToSign(String amzDate, String credentialScope, String canonicalRequestSha256) {
        return ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n' + canonicalRequestSha256;
    }
}
