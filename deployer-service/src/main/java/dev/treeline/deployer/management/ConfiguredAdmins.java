package dev.treeline.deployer.management;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;

import dev.treeline.support.security.PasswordHashing;
import dev.treeline.support.security.VerifiedCredentials;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * HTTP Basic users from configuration: {@code treeline.admin.users.<name>=<bcrypt hash>} (make one with
 * {@code ./treeline hash-password}), roles {@code treeline.admin.roles.<name>=a,b} (default {@code admin}).
 * A deployer has a handful of operators and no user database, so configuration (a secret store or the
 * environment) holds them; a value that is not a bcrypt hash stops start-up rather than being compared as
 * plain text or as a fast, unsalted digest.
 */
@ApplicationScoped
public class ConfiguredAdmins implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    static final String USERS = "treeline.admin.users.";

    private final Config config;
    private final VerifiedCredentials verified = new VerifiedCredentials(1_000, java.time.Duration.ofMinutes(10));

    public ConfiguredAdmins(Config config) {
        this.config = config;
    }

    void checkConfiguredHashes(@Observes StartupEvent event) {
        List<String> invalid = invalidUsers(config);
        if (!invalid.isEmpty()) {
            throw new IllegalStateException("management users " + invalid + " are not bcrypt hashes: set "
                    + USERS + "<name> to the output of `./treeline hash-password` (e.g. $2a$10$...)");
        }
    }

    static List<String> invalidUsers(Config config) {
        List<String> invalid = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(USERS)
                    && !PasswordHashing.isBcrypt(config.getOptionalValue(name, String.class).orElse(""))) {
                invalid.add(name.substring(USERS.length()));
            }
        }
        return invalid;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // bcrypt takes tens of milliseconds: never on the I/O thread.
        return context.runBlocking(() -> {
            String user = request.getUsername();
            Optional<String> stored = user == null || !user.matches("[A-Za-z0-9_-]{1,64}") ? Optional.empty()
                    : config.getOptionalValue(USERS + user, String.class).filter(PasswordHashing::isBcrypt);
            char[] password = request.getPassword().getPassword();
            String hash = stored.orElse(null);
            if (!verified.known(String.valueOf(user), password, hash)) {
                // An unknown user is checked against a decoy, so response time does not tell which names exist.
                if (!PasswordHashing.matches(password, hash)) {
                    throw new AuthenticationFailedException();
                }
                verified.remember(user, password, hash);
            }
            Set<String> roles = Arrays.stream(config.getOptionalValue("treeline.admin.roles." + user, String.class)
                    .orElse("admin").split(",")).map(String::trim).filter(r -> !r.isEmpty())
                    .collect(Collectors.toSet());
            return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user)).addRoles(roles).build();
        });
    }
}
