package dev.treeline.support.security.sigv4;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import dev.treeline.support.security.sigv4.CanonicalRequest.QueryParam;

/**
 * Verifies AWS Signature Version 4 on a request as SageMaker Runtime does: header authentication
 * ({@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}) or a pre-signed query
 * ({@code X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=...}). Pure Java: no framework, thread-safe, one instance
 * per application (it holds the signing-key cache).
 *
 * <pre>{@code
 * SigV4Verifier verifier = new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"), keyTable::find, Clock.systemUTC());
 * try {
 *     SigV4Principal caller = verifier.verify(SigV4Request.builder(method, rawPath).rawQuery(rawQuery)
 *             .headers(headers).body(bytes).build());
 * } catch (SigV4Exception e) {
 *     AwsErrorResponse error = e.toErrorResponse();   // 403, x-amzn-ErrorType, {"__type":..., "message":...}
 * }
 * }</pre>
 */
public final class SigV4Verifier {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final String TERMINATOR = "aws4_request";
    private static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

    private final SigV4Settings settings;
    private final AccessKeyLookup keys;
    private final Clock clock;
    private final SigningKeyCache signingKeys;
    private static final int SIGNED_HEADER_LINES = 256;
    private final java.util.concurrent.ConcurrentHashMap<String, List<String>> signedHeaderLines =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SigV4Verifier(SigV4Settings settings, AccessKeyLookup keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signingKeys = new SigningKeyCache(settings.signingKeyCacheSize());
    }

    public SigV4Settings settings() {
        return settings;
    }

    /** How many signing keys were derived (not served from the cache) since start. */
    public long signingKeyDerivations() {
        return signingKeys.derivations();
    }

    /**
     * Accepts the request and says who signed it, or throws the refusal AWS would send.
     *
     * @throws MissingAuthenticationTokenException neither an Authorization header nor a pre-signed query
     * @throws IncompleteSignatureException        the signature cannot be checked as sent
     * @throws InvalidSignatureException           the signature, its date or its scope is wrong
     * @throws UnrecognizedClientException         unknown or revoked key, or a session token
     */
    public SigV4Principal verify(SigV4Request request) {
        if (settings.mode() == SigV4Mode.NONE) {
            return SigV4Principal.UNVERIFIED;
        }
        List<QueryParam> query = CanonicalRequest.parseQuery(request.rawQuery());
        List<String> authorization = request.headersLowerCase("authorization");
        boolean presigned = param(query, "X-Amz-Algorithm") != null;
        if (authorization.isEmpty() && !presigned) {
            throw new MissingAuthenticationTokenException();
        }
        if (authorization.size() > 1) {
            throw new IncompleteSignatureException("Only one Authorization header may be sent.");
        }
        if (!authorization.isEmpty() && presigned) {
            throw new IncompleteSignatureException("Only one auth mechanism allowed; only the X-Amz-Algorithm query"
                    + " parameter or the Authorization header should be specified.");
        }
        if (!request.headersLowerCase("x-amz-security-token").isEmpty()
                || param(query, "X-Amz-Security-Token") != null) {
            throw new UnrecognizedClientException(UnrecognizedClientException.Reason.SESSION_TOKEN);
        }
        Signed signed = presigned ? fromQuery(query) : fromHeader(authorization.get(0), request);
        Scope scope = scope(signed);
        Instant signedAt = parseDate(signed.amzDate);
        if (!scope.date.equals(signed.amzDate.substring(0, 8))) {
            throw new InvalidSignatureException("Date in Credential scope does not match YYYYMMDD from ISO-8601 version"
                    + " of date from HTTP: '" + scope.date + "' != '" + signed.amzDate.substring(0, 8) + "', from '"
                    + signed.amzDate + "'.");
        }
        checkTime(signedAt, signed);

        AccessKey key = keys.find(scope.accessKeyId).orElseThrow(
                () -> new UnrecognizedClientException(UnrecognizedClientException.Reason.UNKNOWN_KEY));
        if (key.status() != AccessKeyLookup.Status.ACTIVE) {
            throw new UnrecognizedClientException(UnrecognizedClientException.Reason.REVOKED_KEY);
        }

        String method = request.method();
        String canonical = CanonicalRequest.build(isUpperCase(method) ? method : method.toUpperCase(Locale.ROOT),
                CanonicalRequest.canonicalUri(request.rawPath()),
                CanonicalRequest.canonicalQuery(query, presigned ? "X-Amz-Signature" : null),
                CanonicalRequest.canonicalHeaders(request, signed.signedHeaders, settings.expectedHost()),
                signed.signedHeadersLine, payloadHash(request));
        String scopeString = scope.date + "/" + scope.region + "/" + scope.service + "/" + TERMINATOR;
        String stringToSign = CanonicalRequest.stringToSign(signed.amzDate, scopeString, Crypto.sha256Hex(canonical));
        byte[] signingKey = signingKeys.signingKey(key, scope.date, scope.region, scope.service);
        if (!Crypto.hexEquals(Crypto.hmac(signingKey, stringToSign), signed.signature)) {
            throw new InvalidSignatureException(InvalidSignatureException.MISMATCH, canonical, stringToSign);
        }
        return SigV4Principal.of(key.accessKeyId(), key.owner(), scope.region, signedAt);
    }

    /** What the client claims: from the Authorization header or the pre-signed query. */
    private record Signed(String credential, String signedHeadersLine, List<String> signedHeaders, String signature,
                          String amzDate, Long expiresSeconds) {
    }

    private record Scope(String accessKeyId, String date, String region, String service) {
    }

    private Signed fromHeader(String header, SigV4Request request) {
        String value = header.trim();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!algorithm.equals(CanonicalRequest.ALGORITHM)) {
            throw new IncompleteSignatureException("Unsupported Authorization type or algorithm '"
                    + printable(algorithm) + "': only AWS Signature Version 4 (AWS4-HMAC-SHA256) is accepted.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : split(value.substring(space + 1), ',')) {
            String component = part.trim();
            if (component.isEmpty()) {
                continue;
            }
            int eq = component.indexOf('=');
            if (eq < 0) {
                throw new IncompleteSignatureException("'" + printable(component) + "' not a valid key=value pair"
                        + " (missing equal-sign) in Authorization header.");
            }
            String name = component.substring(0, eq).trim();
            String v = component.substring(eq + 1).trim();
            switch (name) {
                case "Credential" -> credential = v;
                case "SignedHeaders" -> signedHeaders = v;
                case "Signature" -> signature = v;
                default -> { } // AWS ignores other components
            }
        }
        List<String> dates = request.headersLowerCase("x-amz-date");
        StringBuilder missing = new StringBuilder();
        if (credential == null || credential.isEmpty()) {
            missing.append("Authorization header requires 'Credential' parameter. ");
        }
        if (signature == null || signature.isEmpty()) {
            missing.append("Authorization header requires 'Signature' parameter. ");
        }
        if (signedHeaders == null || signedHeaders.isEmpty()) {
            missing.append("Authorization header requires 'SignedHeaders' parameter. ");
        }
        if (dates.isEmpty()) {
            missing.append("Authorization header requires existence of an 'X-Amz-Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw new IncompleteSignatureException(missing.toString().trim());
        }
        if (dates.size() > 1) {
            throw new IncompleteSignatureException("Only one X-Amz-Date header may be sent.");
        }
        List<String> names = signedHeaderNames(signedHeaders);
        requireSigned(names, "host", "Host");
        requireSigned(names, "x-amz-date", "X-Amz-Date");
        return new Signed(credential, signedHeaders, names, signature, dates.get(0).trim(), null);
    }

    private Signed fromQuery(List<QueryParam> query) {
        String algorithm = param(query, "X-Amz-Algorithm");
        if (!CanonicalRequest.ALGORITHM.equals(algorithm)) {
            throw new IncompleteSignatureException("Unsupported X-Amz-Algorithm '" + printable(algorithm)
                    + "': only AWS4-HMAC-SHA256 is accepted.");
        }
        String credential = param(query, "X-Amz-Credential");
        String signedHeaders = param(query, "X-Amz-SignedHeaders");
        String signature = param(query, "X-Amz-Signature");
        String date = param(query, "X-Amz-Date");
        StringBuilder missing = new StringBuilder();
        for (String[] p : new String[][] {{"X-Amz-Credential", credential}, {"X-Amz-Signature", signature},
                {"X-Amz-SignedHeaders", signedHeaders}, {"X-Amz-Date", date}}) {
            if (p[1] == null || p[1].isEmpty()) {
                missing.append("AWS query-string parameters must include '").append(p[0]).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompleteSignatureException(missing.toString().trim());
        }
        Long expires = null;
        String expiresParam = param(query, "X-Amz-Expires");
        if (expiresParam != null) {
            try {
                expires = Long.parseLong(expiresParam);
            } catch (NumberFormatException e) {
                expires = -1L;
            }
            if (expires < 1 || expires > MAX_PRESIGN_SECONDS) {
                throw new IncompleteSignatureException("X-Amz-Expires must be a number of seconds between 1 and "
                        + MAX_PRESIGN_SECONDS + ", not '" + printable(expiresParam) + "'.");
            }
        }
        List<String> names = signedHeaderNames(signedHeaders);
        requireSigned(names, "host", "Host");
        return new Signed(credential, signedHeaders, names, signature, date, expires);
    }

    /**
     * A client sends the same SignedHeaders line on every request, so each distinct line is split and checked once.
     * Bounded: past {@link #SIGNED_HEADER_LINES} distinct lines (a client making up new ones) nothing more is kept.
     */
    private List<String> signedHeaderNames(String line) {
        List<String> names = signedHeaderLines.get(line);
        if (names == null) {
            names = parseSignedHeaderNames(line);
            if (signedHeaderLines.size() < SIGNED_HEADER_LINES) {
                signedHeaderLines.putIfAbsent(line, names);
            }
        }
        return names;
    }

    private static List<String> parseSignedHeaderNames(String line) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String name : split(line, ';')) {
            if (!isHeaderName(name) || !seen.add(name)) {
                throw new IncompleteSignatureException("SignedHeaders must be distinct lower-case header names"
                        + " separated by ';', not '" + printable(line) + "'.");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** A lower-case HTTP token: what a canonical header name can be. */
    private static boolean isHeaderName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':' || (c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** Splits on a character, keeping empty parts (no regex, no array copy). */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>(8);
        int start = 0;
        for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, start)) {
            parts.add(s.substring(start, i));
            start = i + 1;
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static void requireSigned(List<String> names, String name, String display) {
        if (!names.contains(name)) {
            throw new IncompleteSignatureException(
                    "'" + display + "' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    private Scope scope(Signed signed) {
        String[] parts = split(signed.credential, '/').toArray(String[]::new);
        if (parts.length != 5) {
            throw new IncompleteSignatureException("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + printable(signed.credential) + "'");
        }
        Scope scope = new Scope(parts[0], parts[1], parts[2], parts[3]);
        if (scope.accessKeyId.isEmpty()) {
            throw new IncompleteSignatureException("Credential must name an access key id, got '"
                    + printable(signed.credential) + "'");
        }
        if (!parts[4].equals(TERMINATOR)) {
            throw new InvalidSignatureException("Credential should be scoped with a valid terminator: 'aws4_request',"
                    + " not '" + printable(parts[4]) + "'.");
        }
        if (!settings.regions().contains(scope.region)) {
            throw new InvalidSignatureException("Credential should be scoped to a valid region, not '"
                    + printable(scope.region) + "'.");
        }
        if (!settings.service().equals(scope.service)) {
            throw new InvalidSignatureException("Credential should be scoped to correct service: '"
                    + settings.service() + "'.");
        }
        return scope;
    }

    private static boolean isUpperCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** yyyyMMdd'T'HHmmss'Z', strictly (by hand: a formatter costs a microsecond per request). */
    private static Instant parseDate(String amzDate) {
        try {
            if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
                throw new DateTimeParseException("not yyyyMMdd'T'HHmmss'Z'", amzDate, 0);
            }
            return LocalDateTime.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8),
                    digits(amzDate, 9, 11), digits(amzDate, 11, 13), digits(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new IncompleteSignatureException("Date must be in ISO-8601 'basic format'. Got '" + printable(amzDate)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not a digit", s, i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private void checkTime(Instant signedAt, Signed signed) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Duration skew = settings.clockSkew();
        Instant earliest = now.minus(skew);
        Instant latest = now.plus(skew);
        if (signedAt.isAfter(latest)) {
            throw new InvalidSignatureException("Signature not yet current: " + signed.amzDate + " is still later than "
                    + format(latest) + " (" + format(now) + " + " + skew.toMinutes() + " min.)");
        }
        if (signed.expiresSeconds != null) {
            Instant expiry = signedAt.plusSeconds(signed.expiresSeconds);
            if (now.isAfter(expiry)) {
                throw new InvalidSignatureException("Signature expired: " + format(expiry) + " is now earlier than "
                        + format(now) + " (" + signed.amzDate + " + " + signed.expiresSeconds + " s X-Amz-Expires)");
            }
        } else if (signedAt.isBefore(earliest)) {
            throw new InvalidSignatureException("Signature expired: " + signed.amzDate + " is now earlier than "
                    + format(earliest) + " (" + format(now) + " - " + skew.toMinutes() + " min.)");
        }
    }

    private String payloadHash(SigV4Request request) {
        List<String> declared = request.headersLowerCase("x-amz-content-sha256");
        if (declared.size() > 1) {
            throw new IncompleteSignatureException("Only one x-amz-content-sha256 header may be sent.");
        }
        if (declared.isEmpty()) {
            return actualPayloadHash(request);
        }
        String value = declared.get(0).trim();
        if (value.equals("UNSIGNED-PAYLOAD")) {
            if (!settings.allowUnsignedPayload()) {
                throw new IncompleteSignatureException("x-amz-content-sha256: UNSIGNED-PAYLOAD is not accepted: the"
                        + " body must be signed.");
            }
            return value;
        }
        if (value.startsWith("STREAMING-")) {
            throw new IncompleteSignatureException("Chunked payload signing (x-amz-content-sha256: STREAMING-...) is"
                    + " not supported: send the body in one piece, signed.");
        }
        if (value.length() != 64 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IncompleteSignatureException("x-amz-content-sha256 must be the hex SHA-256 of the body.");
        }
        if (!value.toLowerCase(Locale.ROOT).equals(actualPayloadHash(request))) {
            throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was"
                    + " computed.");
        }
        return value;
    }

    private static String actualPayloadHash(SigV4Request request) {
        if (request.payloadSha256() != null) {
            return request.payloadSha256().toLowerCase(Locale.ROOT);
        }
        return request.body() == null ? CanonicalRequest.EMPTY_SHA256 : Crypto.sha256Hex(request.body());
    }

    private static String param(List<QueryParam> query, String name) {
        for (QueryParam p : query) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Client text echoed in a message: bounded and printable (no payload in a message, no broken log line). */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 128 ? s.substring(0, 128) + "..." : s;
        StringBuilder sb = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> sb.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return sb.toString();
    }
}
