package dev.treeline.support.security.sigv4;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the verifier accepts.
 *
 * @param mode            {@link SigV4Mode#SIGV4} (default) or {@link SigV4Mode#NONE}
 * @param regions         the regions a credential scope may name (at least one); SDK clients sign with the region
 *                        they were built with, so list every region your clients are configured for
 * @param service         the signing name in the credential scope: SageMaker Runtime clients sign with
 *                        {@code sagemaker} (not {@code runtime.sagemaker}, which is the endpoint prefix)
 * @param expectedHost    when present, the value used for the {@code host} header in the canonical request instead
 *                        of the received one (a proxy in front rewrites Host; clients signed the public name, with
 *                        {@code :port} when they used a non-default port), exactly as clients write it
 * @param clockSkew       how far {@code X-Amz-Date} may be from this server's clock, either way (AWS: 15 minutes)
 * @param signingKeyCacheSize how many derived signing keys (key id, day, region, service) are kept
 * @param allowUnsignedPayload whether {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} is accepted (off: the body would
 *                        not be covered by the signature; no SDK sends it for SageMaker Runtime)
 */
public record SigV4Settings(SigV4Mode mode, Set<String> regions, String service, Optional<String> expectedHost,
                            Duration clockSkew, int signingKeyCacheSize, boolean allowUnsignedPayload) {

    public static final String SAGEMAKER_SIGNING_NAME = "sagemaker";
    public static final Duration AWS_CLOCK_SKEW = Duration.ofMinutes(15);

    public SigV4Settings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(expectedHost, "expectedHost");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (regions == null || regions.isEmpty() || regions.stream().anyMatch(r -> r == null || r.isBlank())) {
            throw new IllegalArgumentException("at least one accepted region is needed, e.g. us-east-1");
        }
        regions = Set.copyOf(regions);
        if (service.isBlank()) {
            throw new IllegalArgumentException("the signing service name must not be blank");
        }
        if (clockSkew.isNegative() || clockSkew.isZero() || clockSkew.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 1 s and 1 h, not " + clockSkew);
        }
        if (signingKeyCacheSize < 1) {
            throw new IllegalArgumentException("signing key cache size must be at least 1");
        }
        expectedHost = expectedHost.map(String::trim).filter(h -> !h.isEmpty());
    }

    /** SigV4 on, service {@code sagemaker}, the given regions, 15 minutes of skew, 10,000 cached signing keys. */
    public static SigV4Settings sagemaker(String... regions) {
        return new SigV4Settings(SigV4Mode.SIGV4, Set.of(regions), SAGEMAKER_SIGNING_NAME, Optional.empty(),
                AWS_CLOCK_SKEW, 10_000, false);
    }

    public SigV4Settings withMode(SigV4Mode newMode) {
        return new SigV4Settings(newMode, regions, service, expectedHost, clockSkew, signingKeyCacheSize,
                allowUnsignedPayload);
    }

    public SigV4Settings withExpectedHost(String host) {
        return new SigV4Settings(mode, regions, service, Optional.ofNullable(host), clockSkew, signingKeyCacheSize,
                allowUnsignedPayload);
    }

    public SigV4Settings withService(String newService) {
        return new SigV4Settings(mode, regions, newService, expectedHost, clockSkew, signingKeyCacheSize,
                allowUnsignedPayload);
    }

    public SigV4Settings withClockSkew(Duration skew) {
        return new SigV4Settings(mode, regions, service, expectedHost, skew, signingKeyCacheSize, allowUnsignedPayload);
    }

    public SigV4Settings withSigningKeyCacheSize(int size) {
        return new SigV4Settings(mode, regions, service, expectedHost, clockSkew, size, allowUnsignedPayload);
    }

    public SigV4Settings withAllowUnsignedPayload(boolean allow) {
        return new SigV4Settings(mode, regions, service, expectedHost, clockSkew, signingKeyCacheSize, allow);
    }

    /**
     * The line the caller logs once at start-up (INFO for sigv4, WARN for none), so that an account serving
     * unsigned invocations says so.
     */
    public String startupLogLine() {
        if (mode == SigV4Mode.NONE) {
            return "InvokeEndpoint authentication is OFF (mode none): any caller that can reach this port can invoke"
                    + " every model; run it on a private network only, or set the mode to sigv4";
        }
        return "InvokeEndpoint requires AWS Signature Version 4 (mode sigv4): service '" + service + "', regions "
                + new TreeSet<>(regions) + ", clock skew " + clockSkew.toMinutes() + " min, host "
                + expectedHost.map(h -> "'" + h + "' (configured)").orElse("from the Host header")
                + ", temporary credentials (X-Amz-Security-Token) refused";
    }
}
