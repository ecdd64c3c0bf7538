package dev.treeline.support.security.sigv4;

import java.time.Instant;
import java.util.Optional;

/**
 * Who signed an accepted request.
 *
 * @param verified    false only in mode {@code none} (nothing was checked; the other fields are empty)
 * @param accessKeyId the key that signed
 * @param owner       the key's owner (user name), for the role check and the access log
 * @param region      the region of the credential scope
 * @param signedAt    {@code X-Amz-Date}
 */
public record SigV4Principal(boolean verified, Optional<String> accessKeyId, Optional<String> owner,
                             Optional<String> region, Optional<Instant> signedAt) {

    static final SigV4Principal UNVERIFIED =
            new SigV4Principal(false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    static SigV4Principal of(String accessKeyId, String owner, String region, Instant signedAt) {
        return new SigV4Principal(true, Optional.of(accessKeyId), Optional.of(owner), Optional.of(region),
                Optional.of(signedAt));
    }
}
