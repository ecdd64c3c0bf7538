package dev.treeline.bench.invocation;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.treeline.events.AccessKeysChanged;
import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.support.security.AccessKeySecrets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * What the benchmark's deployers trust, made up for one run: an RSA key pair whose public half the deployers verify
 * management tokens with (the registry's role), a key-encryption key, and one access key of an invoker, published to
 * the deployers as an AccessKeysChanged snapshot. Requests are signed with the AWS SDK for Java v2's SigV4 signer.
 */
final class BenchAuth {

    static final String ACCESS_KEY_ID = "TLAKBENCHINVOKER23";

    final Path publicKeyFile;
    final String encryptionKey = AccessKeySecrets.newEncryptionKey();
    final String secret = Base64.getEncoder().encodeToString(randomBytes(30));
    private final KeyPair jwtKeys;

    private BenchAuth(Path publicKeyFile, KeyPair jwtKeys) {
        this.publicKeyFile = publicKeyFile;
        this.jwtKeys = jwtKeys;
    }

    static BenchAuth create(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path pem = dir.resolve("jwt-public.pem");
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPublic().getEncoded());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
        return new BenchAuth(pem, keys);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    /** A management token as the registry issues it (RS256, issuer treeline, upn, groups), valid for two hours. */
    String bearer() throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"treeline\",\"upn\":\"bench\",\"sub\":\"bench\",\"groups\":"
                + "[\"viewer\",\"invoker\",\"operator\",\"approver\",\"admin\"],\"iat\":" + now + ",\"exp\":"
                + (now + 7200) + ",\"jti\":\"bench-" + now + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(jwtKeys.getPrivate());
        rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return "Bearer " + header + "." + claims + "." + url.encodeToString(rs256.sign());
    }

    /** The access-key table with the benchmark's invoker key, as the registry publishes it. */
    byte[] snapshot() {
        AccessKeySecrets secrets = AccessKeySecrets.fromBase64(encryptionKey);
        AccessKeysChanged table = new AccessKeysChanged(System.currentTimeMillis(), Instant.now(), List.of(
                new AccessKeysChanged.Entry(ACCESS_KEY_ID, "bench-invoker", AccessKeysChanged.Status.ACTIVE,
                        Set.of("invoker"), secrets.encrypt(ACCESS_KEY_ID, secret), Instant.now(), null)));
        return EventCodec.shared().encode(EventEnvelope.of("bench-access-keys", table));
    }

    /** The headers to send (signed ones included, Host excluded: the client sends the same) for a POST to uri. */
    Map<String, List<String>> sign(URI uri, Map<String, String> headers, byte[] body, Instant at) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(request::putHeader);
        Map<String, List<String>> signed = new LinkedHashMap<>(AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(ACCESS_KEY_ID, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request().headers());
        signed.keySet().removeIf(name -> name.equalsIgnoreCase("host"));
        return signed;
    }

    /**
     * A wrk script that cycles through {@code count} requests pre-signed here, one second apart and ending now (all
     * well inside the 15-minute skew window for a run of any length the benchmark makes), so the server verifies a
     * different signature on consecutive requests instead of one repeated value.
     */
    String luaPreSigned(URI uri, Map<String, String> headers, byte[] body, int count, String done) {
        StringBuilder lua = new StringBuilder("local body = ").append(luaString(new String(body,
                StandardCharsets.UTF_8))).append("\nlocal signed = {}\n");
        Instant now = Instant.now();
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, List<String>> h = sign(uri, headers, body, now.minus(Duration.ofSeconds(i)));
            StringBuilder t = new StringBuilder("{[\"Host\"] = ")
                    .append(luaString(uri.getHost() + ":" + uri.getPort()));
            h.forEach((name, values) -> t.append(", [").append(luaString(name)).append("] = ")
                    .append(luaString(String.join(",", values))));
            entries.add(t.append('}').toString());
        }
        for (int i = 0; i < entries.size(); i++) {
            lua.append("signed[").append(i + 1).append("] = ").append(entries.get(i)).append('\n');
        }
        lua.append("local requests = {}\nlocal n = 0\n")
                .append("init = function(args)\n")
                .append("  for i, h in ipairs(signed) do requests[i] = wrk.format(\"POST\", ")
                .append(luaString(uri.getRawPath())).append(", h, body) end\n")
                .append("  n = math.random(#requests)\nend\n")
                .append("request = function()\n  n = n % #requests + 1\n  return requests[n]\nend\n")
                .append(done);
        return lua.toString();
    }

    static String luaString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
