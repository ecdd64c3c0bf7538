package dev.treeline.support.security.sigv4;

import java.security.DigestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

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
 *
 * <p>The accepting path runs on every invocation, so it allocates next to nothing: the Authorization header is read
 * in place ({@link AuthorizationHeader}), the canonical request and the string to sign are written as UTF-8 into a
 * buffer of the calling thread and hashed from there, the signature is compared with the header's hex digits
 * directly, and each thread keeps its HMAC initialised with the signing key it used last (a client signs with one
 * key, region and service all day), so neither the key derivation nor {@code Mac.init} runs per request.
 */
public final class SigV4Verifier {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
    private static final String TERMINATOR = "aws4_request";
    private static final long MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
    /** Distinct SignedHeaders lines remembered (a power of two): each slot holds the last line hashed to it. */
    private static final int SIGNED_HEADER_LINES = 256;
    private static final byte[] NO_BODY = new byte[0];

    private final SigV4Settings settings;
    private final AccessKeyLookup keys;
    private final Clock clock;
    private final SigningKeyCache signingKeys;
    private final String[] regions;
    private final SignedHeaderLine[] signedHeaderLines = new SignedHeaderLine[SIGNED_HEADER_LINES];
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    public SigV4Verifier(SigV4Settings settings, AccessKeyLookup keys, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signingKeys = new SigningKeyCache(settings.signingKeyCacheSize());
        this.regions = settings.regions().toArray(String[]::new);
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
        List<QueryParam> query = request.rawQuery() == null ? List.of()
                : CanonicalRequest.parseQuery(request.rawQuery());
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
        Scope scope = scope(signed.credential);
        long signedAt = epochSecond(signed.amzDate);
        if (!scope.date.contentEquals(signed.amzDate, 0, 8)) {
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

        Scratch s = scratch.get();
        s.reset();
        List<String> declaredPayloadHash = request.headersLowerCase("x-amz-content-sha256");
        String payloadHash = payloadHash(request, declaredPayloadHash, s); // null: the body's digest, in s.digest
        CanonicalBytes text = s.text;
        String method = request.method();
        text.append(isUpperCase(method) ? method : method.toUpperCase(Locale.ROOT)).append('\n')
                .append(CanonicalRequest.canonicalUri(request.rawPath())).append('\n')
                .append(CanonicalRequest.canonicalQuery(query, presigned ? "X-Amz-Signature" : null)).append('\n');
        CanonicalRequest.appendHeaders(text, request, signed.signedHeaders, settings.expectedHost(), signed.dates,
                declaredPayloadHash);
        text.append('\n').append(signed.signedHeadersLine).append('\n');
        if (payloadHash != null) {
            text.append(payloadHash);
        } else {
            text.appendHex(s.digest, s.digest.length);
        }
        int canonicalEnd = text.length();
        s.sha256.update(text.array(), 0, canonicalEnd);
        digest(s.sha256, s.digest);
        text.append(CanonicalRequest.ALGORITHM).append('\n').append(signed.amzDate).append('\n')
                .append(scope.credentialScope).append('\n').appendHex(s.digest, s.digest.length);
        Mac mac = signingMac(s, key, scope);
        mac.update(text.array(), canonicalEnd, text.length() - canonicalEnd);
        try {
            mac.doFinal(s.signature, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        if (!Crypto.hexEquals(s.signature, signed.signature)) {
            throw new InvalidSignatureException(InvalidSignatureException.MISMATCH, text.toString(0, canonicalEnd),
                    text.toString(canonicalEnd, text.length()));
        }
        return SigV4Principal.of(key.accessKeyId(), key.owner(), scope.region, Instant.ofEpochSecond(signedAt));
    }

    /** What the client claims: from the Authorization header or the pre-signed query. */
    private record Signed(Span credential, Span signedHeadersLine, List<String> signedHeaders, Span signature,
                          String amzDate, Long expiresSeconds, List<String> dates) {
    }

    /**
     * The credential scope: the key id, the day and region as named, and {@code date/region/service/aws4_request}
     * (what the string to sign holds). {@code region} is the accepted region as configured.
     */
    private record Scope(String accessKeyId, Span date, String region, Span credentialScope) {
    }

    /** A SignedHeaders line and its names, split and checked. */
    private record SignedHeaderLine(String line, List<String> names) {
    }

    /**
     * What one thread reuses from one verification to the next: the canonical request buffer, the digests, and an
     * HMAC initialised with the signing key of the last (key, day, region) this thread verified.
     */
    private static final class Scratch {
        final CanonicalBytes text = new CanonicalBytes(2048);
        final MessageDigest sha256 = Crypto.newSha256();
        final Mac hmac = Crypto.newHmac();
        final byte[] digest = new byte[32];
        final byte[] signature = new byte[32];
        String keyId;
        String secret;
        String date;
        String region;
        byte[] signingKey;

        void reset() {
            text.reset(); // sha256 and hmac are reset by each digest (nothing is thrown between update and digest)
        }
    }

    private Mac signingMac(Scratch s, AccessKey key, Scope scope) {
        if (s.signingKey != null && scope.region.equals(s.region) && scope.date.contentEquals(s.date)
                && key.accessKeyId().equals(s.keyId) && SigningKeyCache.sameSecret(s.secret, key.secret())) {
            return s.hmac;
        }
        s.signingKey = null;
        String date = scope.date.toString();
        byte[] signingKey = signingKeys.signingKey(key, date, scope.region, settings.service());
        Crypto.init(s.hmac, signingKey);
        s.keyId = key.accessKeyId();
        s.secret = key.secret();
        s.date = date;
        s.region = scope.region;
        s.signingKey = signingKey;
        return s.hmac;
    }

    private static void digest(MessageDigest md, byte[] into) {
        try {
            md.digest(into, 0, into.length);
        } catch (DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    private Signed fromHeader(String header, SigV4Request request) {
        AuthorizationHeader parsed = AuthorizationHeader.parse(header);
        List<String> dates = request.headersLowerCase("x-amz-date");
        if (absent(parsed.credential()) || absent(parsed.signature()) || absent(parsed.signedHeaders())
                || dates.isEmpty()) {
            StringBuilder missing = new StringBuilder();
            if (absent(parsed.credential())) {
                missing.append("Authorization header requires 'Credential' parameter. ");
            }
            if (absent(parsed.signature())) {
                missing.append("Authorization header requires 'Signature' parameter. ");
            }
            if (absent(parsed.signedHeaders())) {
                missing.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (dates.isEmpty()) {
                missing.append("Authorization header requires existence of an 'X-Amz-Date' header. ");
            }
            throw new IncompleteSignatureException(missing.toString().trim());
        }
        if (dates.size() > 1) {
            throw new IncompleteSignatureException("Only one X-Amz-Date header may be sent.");
        }
        List<String> names = signedHeaderNames(parsed.signedHeaders());
        requireSigned(names, "host", "Host");
        requireSigned(names, "x-amz-date", "X-Amz-Date");
        return new Signed(parsed.credential(), parsed.signedHeaders(), names, parsed.signature(),
                dates.get(0).trim(), null, dates);
    }

    private static boolean absent(Span component) {
        return component == null || component.isEmpty();
    }

    private Signed fromQuery(List<QueryParam> query) {
        String algorithm = param(query, "X-Amz-Algorithm");
        if (!CanonicalRequest.ALGORITHM.equals(algorithm)) {
            throw new IncompleteSignatureException("Unsupported X-Amz-Algorithm '" + SigV4Exception.printable(algorithm)
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
                        + MAX_PRESIGN_SECONDS + ", not '" + SigV4Exception.printable(expiresParam) + "'.");
            }
        }
        Span line = Span.of(signedHeaders);
        List<String> names = signedHeaderNames(line);
        requireSigned(names, "host", "Host");
        return new Signed(Span.of(credential), line, names, Span.of(signature), date, expires, null);
    }

    /**
     * A client sends the same SignedHeaders line on every request, so a line is split and checked once and then
     * found again by a hash and a comparison, without being copied out of the header. Bounded:
     * {@link #SIGNED_HEADER_LINES} slots, each holding the last valid line that hashed to it (a client making up new lines only replaces entries).
     * Entries are immutable, so threads may race on a slot: each sees a whole entry or none.
     */
    private List<String> signedHeaderNames(Span line) {
        int slot = slot(line);
        SignedHeaderLine cached = signedHeaderLines[slot];
        if (cached != null && line.contentEquals(cached.line)) {
            return cached.names;
        }
        String text = line.toString();
        List<String> names = parseSignedHeaderNames(text);
        signedHeaderLines[slot] = new SignedHeaderLine(text, names);
        return names;
    }

    /**
     * A cheap hash of a line (its length and three of its characters): a client sends one or a few lines, which
     * this tells apart; lines made up to collide only take each other's slot.
     */
    static int slot(Span line) {
        int n = line.length();
        if (n == 0) {
            return 0;
        }
        int h = n * 31 * 31 * 31 + line.charAt(0) * 31 * 31 + line.charAt(n / 2) * 31 + line.charAt(n - 1);
        return (h ^ (h >>> 8)) & (SIGNED_HEADER_LINES - 1);
    }

    private static List<String> parseSignedHeaderNames(String line) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int start = 0;
        while (true) {
            int semicolon = line.indexOf(';', start);
            String name = line.substring(start, semicolon < 0 ? line.length() : semicolon);
            if (!isHeaderName(name) || !seen.add(name)) {
                throw new IncompleteSignatureException("SignedHeaders must be distinct lower-case header names"
                        + " separated by ';', not '" + SigV4Exception.printable(line) + "'.");
            }
            names.add(name);
            if (semicolon < 0) {
                return List.copyOf(names);
            }
            start = semicolon + 1;
        }
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

    private static void requireSigned(List<String> names, String name, String display) {
        if (!names.contains(name)) {
            throw new IncompleteSignatureException(
                    "'" + display + "' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    /** {@code keyid/date/region/service/aws4_request}, read in place. */
    private Scope scope(Span credential) {
        int s1 = credential.indexOf('/', 0);
        int s2 = s1 < 0 ? -1 : credential.indexOf('/', s1 + 1);
        int s3 = s2 < 0 ? -1 : credential.indexOf('/', s2 + 1);
        int s4 = s3 < 0 ? -1 : credential.indexOf('/', s3 + 1);
        if (s4 < 0 || credential.indexOf('/', s4 + 1) >= 0) {
            throw new IncompleteSignatureException("Credential must have exactly 5 slash-delimited elements, e.g."
                    + " keyid/date/region/service/term, got '" + SigV4Exception.printable(credential.toString()) + "'");
        }
        if (s1 == 0) {
            throw new IncompleteSignatureException("Credential must name an access key id, got '"
                    + SigV4Exception.printable(credential.toString()) + "'");
        }
        int end = credential.length();
        Span terminator = credential.sub(s4 + 1, end);
        if (!terminator.contentEquals(TERMINATOR)) {
            throw new InvalidSignatureException("Credential should be scoped with a valid terminator: 'aws4_request',"
                    + " not '" + SigV4Exception.printable(terminator.toString()) + "'.");
        }
        Span region = credential.sub(s2 + 1, s3);
        String accepted = acceptedRegion(region);
        if (accepted == null) {
            throw new InvalidSignatureException("Credential should be scoped to a valid region, not '"
                    + SigV4Exception.printable(region.toString()) + "'.");
        }
        if (!credential.sub(s3 + 1, s4).contentEquals(settings.service())) {
            throw new InvalidSignatureException("Credential should be scoped to correct service: '"
                    + settings.service() + "'.");
        }
        return new Scope(credential.sub(0, s1).toString(), credential.sub(s1 + 1, s2), accepted,
                credential.sub(s1 + 1, end));
    }

    private String acceptedRegion(Span region) {
        for (String accepted : regions) {
            if (region.contentEquals(accepted)) {
                return accepted;
            }
        }
        return null;
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

    /** yyyyMMdd'T'HHmmss'Z', strictly, as seconds since the epoch (by hand: a formatter costs a microsecond). */
    static long epochSecond(String amzDate) {
        try {
            if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
                throw new DateTimeParseException("not yyyyMMdd'T'HHmmss'Z'", amzDate, 0);
            }
            int hour = digits(amzDate, 9, 11);
            int minute = digits(amzDate, 11, 13);
            int second = digits(amzDate, 13, 15);
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeParseException("no such time of day", amzDate, 9);
            }
            long day = LocalDate.of(digits(amzDate, 0, 4), digits(amzDate, 4, 6), digits(amzDate, 6, 8)).toEpochDay();
            return day * 86_400 + hour * 3600 + minute * 60 + second;
        } catch (DateTimeException e) {
            throw new IncompleteSignatureException("Date must be in ISO-8601 'basic format'. Got '"
                    + SigV4Exception.printable(amzDate) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
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

    private void checkTime(long signedAt, Signed signed) {
        long now = Math.floorDiv(clock.millis(), 1000);
        Duration skew = settings.clockSkew();
        long skewMillis = skew.toMillis();
        if (signedAt * 1000 > now * 1000 + skewMillis) {
            throw new InvalidSignatureException("Signature not yet current: " + signed.amzDate + " is still later than "
                    + format(Instant.ofEpochSecond(now).plus(skew)) + " (" + format(Instant.ofEpochSecond(now)) + " + "
                    + skew.toMinutes() + " min.)");
        }
        if (signed.expiresSeconds != null) {
            long expiry = signedAt + signed.expiresSeconds;
            if (now > expiry) {
                throw new InvalidSignatureException("Signature expired: " + format(Instant.ofEpochSecond(expiry))
                        + " is now earlier than " + format(Instant.ofEpochSecond(now)) + " (" + signed.amzDate + " + "
                        + signed.expiresSeconds + " s X-Amz-Expires)");
            }
        } else if (signedAt * 1000 < now * 1000 - skewMillis) {
            throw new InvalidSignatureException("Signature expired: " + signed.amzDate + " is now earlier than "
                    + format(Instant.ofEpochSecond(now).minus(skew)) + " (" + format(Instant.ofEpochSecond(now))
                    + " - " + skew.toMinutes() + " min.)");
        }
    }

    /**
     * The payload hash of the canonical request: {@code x-amz-content-sha256} as sent when present (after checking
     * it against the body, hashed once), else the hash the caller computed while reading the body, else null: the
     * body's SHA-256 is then in {@code s.digest}.
     */
    private String payloadHash(SigV4Request request, List<String> declared, Scratch s) {
        if (declared.size() > 1) {
            throw new IncompleteSignatureException("Only one x-amz-content-sha256 header may be sent.");
        }
        String computed = request.payloadSha256();
        if (declared.isEmpty()) {
            if (computed != null) {
                return computed.toLowerCase(Locale.ROOT);
            }
            bodyDigest(request, s);
            return null;
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
        if (value.length() != 64 || !isHex(value)) {
            throw new IncompleteSignatureException("x-amz-content-sha256 must be the hex SHA-256 of the body.");
        }
        boolean matches = computed != null ? value.equalsIgnoreCase(computed)
                : Crypto.hexEqualsIgnoreCase(bodyDigest(request, s), value);
        if (!matches) {
            throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was"
                    + " computed.");
        }
        return value;
    }

    /** ASCII hex digits only (a digest in other digits is refused as malformed, not compared). */
    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bodyDigest(SigV4Request request, Scratch s) {
        s.sha256.update(request.body() == null ? NO_BODY : request.body());
        digest(s.sha256, s.digest);
        return s.digest;
    }

    private static String param(List<QueryParam> query, String name) {
        for (int i = 0; i < query.size(); i++) {
            QueryParam p = query.get(i);
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }

    private static String format(Instant instant) {
        return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
