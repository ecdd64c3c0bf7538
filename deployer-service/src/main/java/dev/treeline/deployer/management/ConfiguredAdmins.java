package dev.treeline.deployer.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import dev.treeline.support.s3.Sha256;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * HTTP Basic users from configuration: {@code treeline.admin.users.<name>=<SHA-256 hex of the password>},
 * roles {@code treeline.admin.roles.<name>=a,b} (default {@code admin}). Chosen because it needs nothing
 * beyond the Quarkus security core (the Elytron properties-file extension is not in our Maven mirror);
 * put the hashes in a secret store / environment, never plain passwords.
 */
@ApplicationScoped
public class ConfiguredAdmins implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final Config config;

    public ConfiguredAdmins(Config config) {
        this.config = config;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        String user = request.getUsername();
        Optional<String> expected = user == null || !user.matches("[A-Za-z0-9_-]{1,64}") ? Optional.empty()
                : config.getOptionalValue("treeline.admin.users." + user, String.class);
        char[] password = request.getPassword().getPassword();
        String actual = Sha256.of(new String(password).getBytes(StandardCharsets.UTF_8));
        // Compare even for unknown users, so response time does not tell which names exist.
        boolean match = MessageDigest.isEqual(actual.getBytes(StandardCharsets.US_ASCII),
                expected.orElse("-".repeat(64)).toLowerCase().getBytes(StandardCharsets.US_ASCII));
        if (expected.isEmpty() || !match) {
            return Uni.createFrom().failure(new AuthenticationFailedException());
        }
        Set<String> roles = Arrays.stream(config.getOptionalValue("treeline.admin.roles." + user, String.class)
                .orElse("admin").split(",")).map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toSet());
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(user))
                .addRoles(roles).build());
    }
}
