package dev.treeline.support.security;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import io.quarkus.runtime.LaunchMode;

/**
 * Whether a service may start with its JWT verification settings: outside tests and dev mode it needs the
 * registry's public key ({@code mp.jwt.verify.publickey.location}, a readable PEM file or classpath resource, or a
 * JWKS URL; or an inline {@code mp.jwt.verify.publickey}); otherwise it would start and refuse every caller, or
 * worse, be configured by accident. The decision is this pure function; {@link JwtKeyStartupCheck} applies it.
 */
public final class JwtKeyCheck {

    public static final String LOCATION = "mp.jwt.verify.publickey.location";
    public static final String LOCATION_ENV = "MP_JWT_VERIFY_PUBLICKEY_LOCATION";
    public static final String INLINE_KEY = "mp.jwt.verify.publickey";

    private JwtKeyCheck() {
    }

    /**
     * Why the service must not start, or empty when it may.
     *
     * @param readable whether a file path or classpath resource location can be read
     */
    public static Optional<String> refusal(LaunchMode mode, Optional<String> location, boolean inlineKeySet,
                                           Predicate<String> readable) {
        if (mode == LaunchMode.TEST || mode == LaunchMode.DEVELOPMENT) {
            return Optional.empty();
        }
        if (location.filter(l -> !l.isBlank()).isEmpty()) {
            return inlineKeySet ? Optional.empty() : Optional.of("Refusing to start: " + LOCATION + " (env "
                    + LOCATION_ENV + ") is not set; point it at the registry's public key (a PEM file) so that this"
                    + " service can verify the tokens it is sent");
        }
        String value = location.get().trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return Optional.empty(); // a JWKS endpoint: fetched and checked by SmallRye JWT itself
        }
        if (!readable.test(value)) {
            return Optional.of("Refusing to start: " + LOCATION + " (env " + LOCATION_ENV + ") names " + value
                    + ", which is neither a readable file nor a classpath resource; point it at the registry's"
                    + " public key (a PEM file)");
        }
        return Optional.empty();
    }
}
