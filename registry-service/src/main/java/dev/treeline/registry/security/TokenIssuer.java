package dev.treeline.registry.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.Claims;

import dev.treeline.registry.RegistryConfig;
import dev.treeline.support.security.Roles;
import io.smallrye.jwt.build.Jwt;

/**
 * Issues the platform's tokens: RS256, issuer {@value #ISSUER}, {@code upn} = username, {@code groups} = effective
 * roles, {@code exp} = now + {@code treeline.registry.token-lifetime}, a random {@code jti}. Signed with the private
 * key at {@code smallrye.jwt.sign.key.location}; every service verifies with the public key, locally.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String ISSUER = "treeline";

    /** A signed token and what it says. */
    public record IssuedToken(String token, String username, Set<String> roles, Instant issuedAt, Instant expiresAt) {
        public long expiresInSeconds() {
            return Duration.between(issuedAt, expiresAt).toSeconds();
        }

        @Override
        public String toString() {
            return "IssuedToken[token=****, username=" + username + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Clock clock;
    private final Duration lifetime;

    public TokenIssuer(Clock clock, RegistryConfig config) {
        this.clock = clock;
        this.lifetime = config.tokenLifetime();
    }

    /** A token for {@code username} whose stored or effective roles are {@code roles}. */
    public IssuedToken issue(String username, Set<String> roles) {
        Set<String> effective = Roles.effective(roles);
        // Whole seconds: exp and iat are NumericDates, so the response's expiresAt matches the claim exactly.
        Instant issuedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(lifetime);
        String token = Jwt.issuer(ISSUER).upn(username).subject(username).groups(effective)
                .issuedAt(issuedAt).expiresAt(expiresAt).claim(Claims.jti.name(), UUID.randomUUID().toString())
                .jws().algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign();
        return new IssuedToken(token, username, effective, issuedAt, expiresAt);
    }

}
