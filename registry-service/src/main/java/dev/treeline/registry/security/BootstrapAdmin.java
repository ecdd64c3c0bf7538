package dev.treeline.registry.security;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.registry.RegistryConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Creates the first administrator from configuration while no user has the admin role, so a new
 * installation can be managed through the API. Does nothing once an admin exists.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class);

    private final RegistryConfig config;
    private final EntityManager em;

    public BootstrapAdmin(RegistryConfig config, EntityManager em) {
        this.config = config;
        this.em = em;
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
        // Replicas starting together: the first insert wins, the others change nothing.
        em.createNativeQuery("insert into registry_user (username, password_hash, created_at, created_by)"
                        + " values (:u, :h, :at, 'bootstrap') on conflict (username) do nothing")
                .setParameter("u", username).setParameter("h", PasswordHashing.hash(admin.password().get()))
                .setParameter("at", Instant.now()).executeUpdate();
        em.createNativeQuery("insert into registry_user_role (username, role) values (:u, 'admin')"
                + " on conflict do nothing").setParameter("u", username).executeUpdate();
        LOG.infof("created bootstrap admin '%s' from configuration", username);
        if (admin.password().get().equals(username) || admin.password().get().equals("admin")) {
            LOG.warnf("bootstrap admin '%s' has the well-known local password: change it (PUT /users/%s/password)"
                    + " anywhere but on a developer machine", username, username);
        }
    }
}
