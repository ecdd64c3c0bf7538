package dev.treeline.support.security.sigv4;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.treeline.support.security.sigv4.AccessKeyLookup.AccessKey;
import io.vertx.core.MultiMap;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A rough, JMH-free figure for the cost of one verification of an SDK-signed single-row InvokeEndpoint request
 * (signing key cached, as in steady state), and of one signing-key derivation: CPU time and bytes allocated per
 * verification of this thread (not wall time: the build machines are shared and often far over-committed), with the
 * headers read from a Vert.x header map as the deployer's route hands them over. Not a test; run it with
 * {@code java -cp <test classpath> dev.treeline.support.security.sigv4.SigV4VerifyTiming [rounds]}.
 */
public final class SigV4VerifyTiming {

    private SigV4VerifyTiming() {
    }

    public static void main(String[] args) {
        Instant now = Instant.parse("2026-12-01T10:30:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        byte[] body = "72.1,3,31.2,4.4,6,0,61.5".getBytes(StandardCharsets.UTF_8);
        String id = "AKIATREELINETIMING01";
        String secret = "timing/Secret+Key0123456789abcdefGHIJKLmn";
        SignedRequest signed = SdkSigning.sign(SdkSigning.invokeEndpoint("house-prices").build(), body,
                AwsCredentialsIdentity.create(id, secret), clock, "us-east-1", r -> { });
        SdkHttpRequest r = signed.request();
        MultiMap received = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            h.getValue().forEach(v -> received.add(h.getKey(), v));
        }
        if (!received.contains("Host")) {
            received.add("Host", r.host()); // the HTTP client adds it from the URI when the signer did not
        }
        received.add("Content-Length", String.valueOf(body.length));
        AccessKey key = AccessKey.active(id, secret, "bench");
        Optional<AccessKey> found = Optional.of(key);
        SigV4Verifier verifier = new SigV4Verifier(SigV4Settings.sagemaker("us-east-1"), k -> found, clock);
        String path = r.encodedPath();

        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int perRound = 200_000;
        double[] verifyNs = new double[rounds];
        double[] bytes = new double[rounds];
        double[] deriveNs = new double[rounds];
        long sink = 0;
        com.sun.management.ThreadMXBean cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int round = -3; round < rounds; round++) { // three warm-up rounds
            long a0 = cpu.getThreadAllocatedBytes(thread);
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                // as InvocationAuth does per request: a request over the server's own header map, then verify
                SigV4Request request = SigV4Request.builder("POST", path).body(body).headerSource(received::getAll)
                        .build();
                sink += verifier.verify(request).signedAt().orElseThrow().getEpochSecond();
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            long a1 = cpu.getThreadAllocatedBytes(thread);
            for (int i = 0; i < perRound / 10; i++) {
                sink += SigningKeyCache.derive(secret, "20261201", "us-east-1", "sagemaker")[0];
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            if (round >= 0) {
                verifyNs[round] = (t1 - t0) / (double) perRound;
                bytes[round] = (a1 - a0) / (double) perRound;
                deriveNs[round] = (t2 - t1) / (double) (perRound / 10);
            }
        }
        Arrays.sort(verifyNs);
        Arrays.sort(deriveNs);
        Arrays.sort(bytes);
        System.out.printf("SigV4 verify (cached signing key, Vert.x header map): median %.2f us CPU/request (min %.2f,"
                + " max %.2f) over %d rounds of %d; %.0f bytes allocated/request%n", verifyNs[rounds / 2] / 1000,
                verifyNs[0] / 1000, verifyNs[rounds - 1] / 1000, rounds, perRound, bytes[rounds / 2]);
        System.out.printf("signing-key derivation (4 HMACs, once per key and day): median %.2f us CPU%n",
                deriveNs[rounds / 2] / 1000);
        System.out.println("derivations during the loop: " + verifier.signingKeyDerivations()
                + " (sink " + (sink & 1) + ")");
    }
}
