package dev.treeline.support.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import dev.treeline.support.security.Roles;
import io.smallrye.jwt.build.Jwt;

/**
 * Tokens as the registry issues them (RS256, issuer {@link #ISSUER}, {@code upn}, {@code groups} = effective roles),
 * signed with the test key pair in {@code treeline-test-jwt/} that every service's {@code %test} profile trusts.
 * For tests only: the private key is public.
 */
public final class TestTokens {

    public static final String ISSUER = "treeline";
    public static final String PUBLIC_KEY_LOCATION = "treeline-test-jwt/public.pem";
    public static final String PRIVATE_KEY_LOCATION = "treeline-test-jwt/private.pem";

    private static final PrivateKey KEY = loadPrivateKey();

    private TestTokens() {
    }

    /** A token for {@code user} with {@code roles} (and what they imply), valid for five minutes. */
    public static String token(String user, String... roles) {
        return token(user, Duration.ofMinutes(5), roles);
    }

    public static String token(String user, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER).upn(user).subject(user).groups(Roles.effective(List.of(roles)))
                .issuedAt(now).expiresAt(now.plus(lifetime)).jws().keyId("treeline-test").sign(KEY);
    }

    /** {@code Authorization} header value for {@link #token(String, String...)}. */
    public static String bearer(String user, String... roles) {
        return "Bearer " + token(user, roles);
    }

    /** A token for a user holding every role that does not grant {@code role}: must get 403 where it is needed. */
    public static String withoutRole(String role) {
        Set<String> others = Roles.notGranting(role);
        return token("lacks-" + role, others.toArray(String[]::new));
    }

    /** The same claims signed by another key: every service must refuse it. */
    public static String signedByAStranger(String user, String... roles) {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Instant now = Instant.now();
            return Jwt.issuer(ISSUER).upn(user).groups(Roles.effective(List.of(roles))).issuedAt(now)
                    .expiresAt(now.plusSeconds(300)).sign(generator.generateKeyPair().getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey loadPrivateKey() {
        try (InputStream in = TestTokens.class.getClassLoader().getResourceAsStream(PRIVATE_KEY_LOCATION)) {
            if (in == null) {
                throw new IllegalStateException(PRIVATE_KEY_LOCATION + " is not on the test classpath"
                        + " (service-support's test jar)");
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
