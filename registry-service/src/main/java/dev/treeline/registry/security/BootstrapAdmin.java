package dev.treeline.registry.security;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.registry.RegistryConfig;
import dev.treeline.support.security.PasswordHashing;
import dev.treeline.support.security.Roles;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the first administrator from configuration while no user has the admin role, so a new
 * installation can be managed through the API. Does nothing once an admin exists.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);
    /** The same minimum as passwords set through the users API. */
    static final int MIN_PASSWORD_LENGTH = 8;

    private final RegistryConfig config;
    private final EntityManager em;
    private final Clock clock;

    public BootstrapAdmin(RegistryConfig config, EntityManager em, Clock clock) {
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (RegistryUser.countWithRole(Roles.ADMIN) > 0) {
            return;
        }
        var admin = config.bootstrapAdmin();
        if (admin.username().isEmpty() || admin.password().isEmpty()) {
            LOG.warn("no user has the admin role and treeline.registry.bootstrap-admin.username/password are not set:"
                    + " users cannot be managed through the API");
            return;
        }
        String username = admin.username().get();
        refusal(username, admin.password().get(), admin.allowWellKnownPassword()).ifPresent(reason -> {
            // Failing start-up is the point: an internet-facing registry with admin/admin is worse than none.
            throw new IllegalStateException(reason);
        });
        // Replicas starting together: the first insert wins, the others change nothing (native for on conflict).
        em.createNativeQuery("insert into registry_user (username, password_hash, created_at, created_by)"
                        + " values (:u, :h, :at, 'bootstrap') on conflict (username) do nothing")
                .setParameter("u", username).setParameter("h", PasswordHashing.hash(admin.password().get()))
                .setParameter("at", Instant.now(clock)).executeUpdate();
        em.createNativeQuery("insert into registry_user_role (username, role) values (:u, 'admin')"
                + " on conflict do nothing").setParameter("u", username).executeUpdate();
        LOG.infof("created bootstrap admin '%s' from configuration", username);
        if (isWellKnown(username, admin.password().get())) {
            LOG.warnf("bootstrap admin '%s' has the well-known local password: change it (PUT /users/%s/password)"
                    + " anywhere but on a developer machine", username, username);
        }
    }

    /** Why the configured bootstrap admin must not be created, if it must not. */
    static java.util.Optional<String> refusal(String username, String password, boolean allowWellKnown) {
        if (isWellKnown(username, password) && !allowWellKnown) {
            return java.util.Optional.of("refusing to create the bootstrap admin '" + username + "' with a well-known"
                    + " password: set treeline.registry.bootstrap-admin.password (TREELINE_REGISTRY_BOOTSTRAP_ADMIN_PASSWORD)"
                    + " to a secret of at least " + MIN_PASSWORD_LENGTH + " characters, or, on a developer machine only,"
                    + " treeline.registry.bootstrap-admin.allow-well-known-password=true");
        }
        if (password.length() < MIN_PASSWORD_LENGTH && !allowWellKnown) {
            return java.util.Optional.of("refusing to create the bootstrap admin '" + username + "': its password has "
                    + password.length() + " characters, at least " + MIN_PASSWORD_LENGTH + " are required");
        }
        return java.util.Optional.empty();
    }

    static boolean isWellKnown(String username, String password) {
        return password.equals(username) || password.equalsIgnoreCase("admin") || password.equalsIgnoreCase("password")
                || password.equalsIgnoreCase("changeme");
    }
}
