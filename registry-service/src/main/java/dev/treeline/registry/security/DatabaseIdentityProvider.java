package dev.treeline.registry.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.treeline.support.security.PasswordHashing;
import dev.treeline.support.security.Roles;
import dev.treeline.support.security.VerifiedCredentials;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** HTTP Basic credentials checked against the registry's own user table (bcrypt). */
@ApplicationScoped
public class DatabaseIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final UserDirectory users;
    private final VerifiedCredentials verified = new VerifiedCredentials(10_000, java.time.Duration.ofMinutes(10));

    public DatabaseIdentityProvider(UserDirectory users) {
        this.users = users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Optional<UserDirectory.Credentials> user = users.credentials(request.getUsername());
            char[] password = request.getPassword().getPassword();
            String storedHash = user.map(UserDirectory.Credentials::passwordHash).orElse(null);
            if (!verified.known(request.getUsername(), password, storedHash)) {
                if (!PasswordHashing.matches(password, storedHash)) {
                    throw new AuthenticationFailedException("wrong username or password");
                }
                verified.remember(request.getUsername(), password, storedHash);
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.get().username()))
                    .addRoles(Roles.effective(user.get().roles()))
                    .build();
        });
    }
}
