package dev.treeline.registry.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reads users for authentication, in a short transaction of its own. */
@ApplicationScoped
public class UserDirectory {

    public record Credentials(String username, String passwordHash, Set<String> roles) {
    }

    @Transactional
    public Optional<Credentials> credentials(String username) {
        return RegistryUser.<RegistryUser>findByIdOptional(username)
                .map(u -> new Credentials(u.username, u.passwordHash, Set.copyOf(u.roles)));
    }
}
