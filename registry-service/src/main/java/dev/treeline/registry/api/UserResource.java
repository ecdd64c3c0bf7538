package dev.treeline.registry.api;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.treeline.registry.keys.AccessKey;
import dev.treeline.registry.keys.AccessKeyStatus;
import dev.treeline.registry.keys.AccessKeyTable;
import dev.treeline.registry.keys.AccessKeys;
import dev.treeline.registry.security.LastAdminException;
import dev.treeline.registry.security.RegistryUser;
import dev.treeline.registry.security.UnknownUserException;
import dev.treeline.registry.security.UserAlreadyExistsException;
import dev.treeline.support.security.PasswordHashing;
import dev.treeline.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/** User management: who may read, invoke, operate, approve and administer, and users' access keys. Admins only. */
@Path("/users")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

    static final String USERNAME = "[A-Za-z0-9._@-]{1,64}";

    public record NewUser(
            @NotNull @Pattern(regexp = USERNAME, message = "use 1-64 letters, digits, '.', '_', '@' or '-'") String username,
            // bcrypt reads at most 72 bytes
            @NotNull @Size(min = 8, max = 72, message = "must be 8 to 72 characters") String password,
            @NotEmpty Set<@NotNull @Pattern(regexp = Roles.PATTERN, message = Roles.PATTERN_MESSAGE) String> roles) {
    }

    public record RoleChange(
            @NotEmpty Set<@NotNull @Pattern(regexp = Roles.PATTERN, message = Roles.PATTERN_MESSAGE) String> roles) {
    }

    public record PasswordChange(@NotNull @Size(min = 8, max = 72, message = "must be 8 to 72 characters") String password) {
    }

    public record UserView(String username, Set<String> roles, Instant createdAt, String createdBy) {
        static UserView of(RegistryUser user) {
            return new UserView(user.username, new TreeSet<>(user.roles), user.createdAt, user.createdBy);
        }
    }

    /** A new access key: the only time its secret is shown. */
    public record NewAccessKeyView(String accessKeyId, String secretAccessKey, String owner, AccessKeyStatus status,
                                   Instant createdAt) {
        @Override
        public String toString() {
            return "NewAccessKeyView[" + accessKeyId + ", secretAccessKey=****, owner=" + owner + "]";
        }
    }

    /** An access key as listed: never its secret. */
    public record AccessKeyView(String accessKeyId, String owner, AccessKeyStatus status, Instant createdAt,
                                Instant revokedAt) {
        static AccessKeyView of(AccessKey key) {
            return new AccessKeyView(key.accessKeyId, key.owner, key.status, key.createdAt, key.revokedAt);
        }
    }

    private final SecurityIdentity caller;
    private final Clock clock;
    private final AccessKeys accessKeys;
    private final AccessKeyTable accessKeyTable;

    public UserResource(SecurityIdentity caller, Clock clock, AccessKeys accessKeys, AccessKeyTable accessKeyTable) {
        this.caller = caller;
        this.clock = clock;
        this.accessKeys = accessKeys;
        this.accessKeyTable = accessKeyTable;
    }

    @GET
    @Operation(summary = "List users and their roles")
    @Transactional
    public List<UserView> list() {
        return RegistryUser.<RegistryUser>listAll(io.quarkus.panache.common.Sort.by("username")).stream()
                .map(UserView::of).toList();
    }

    @POST
    @Operation(summary = "Create a user with a password (stored as bcrypt) and roles")
    @Transactional
    public Response create(@Valid @NotNull NewUser request) {
        if (RegistryUser.findById(request.username()) != null) {
            throw new UserAlreadyExistsException(request.username());
        }
        RegistryUser user = new RegistryUser();
        user.username = request.username();
        user.passwordHash = PasswordHashing.hash(request.password());
        user.createdAt = Instant.now(clock);
        user.createdBy = caller.getPrincipal().getName();
        user.roles = new HashSet<>(request.roles());
        user.persist();
        return Response.created(URI.create("/users/" + user.username)).entity(UserView.of(user)).build();
    }

    @PUT
    @Path("/{username}/roles")
    @Operation(summary = "Replace a user's roles")
    @Transactional
    public UserView setRoles(@PathParam("username") String username, @Valid @NotNull RoleChange request) {
        accessKeyTable.lock(); // the owner's roles are part of the published key table
        RegistryUser user = find(username);
        if (user.roles.contains(Roles.ADMIN) && !request.roles().contains(Roles.ADMIN)) {
            requireAnotherAdmin(username);
        }
        boolean changed = !user.roles.equals(request.roles());
        user.roles.clear();
        user.roles.addAll(request.roles());
        if (changed) {
            accessKeys.ownerRolesChanged(username);
        }
        return UserView.of(user);
    }

    @PUT
    @Path("/{username}/password")
    @Operation(summary = "Set a user's password")
    @Transactional
    public Response setPassword(@PathParam("username") String username, @Valid @NotNull PasswordChange request) {
        find(username).passwordHash = PasswordHashing.hash(request.password());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{username}")
    @Operation(summary = "Delete a user; their access keys are revoked (and kept for audit)")
    @Transactional
    public Response delete(@PathParam("username") String username) {
        accessKeyTable.lock();
        RegistryUser user = find(username);
        if (user.roles.contains(Roles.ADMIN)) {
            requireAnotherAdmin(username);
        }
        user.delete();
        accessKeys.ownerDeleted(username, caller.getPrincipal().getName());
        return Response.noContent().build();
    }

    @POST
    @Path("/{username}/access-keys")
    @Consumes(MediaType.WILDCARD) // no body
    @Operation(summary = "Create an access key (SigV4) for a user; the secret is shown in this answer only."
            + " At most two active keys per user.")
    public Response createAccessKey(@PathParam("username") String username) {
        AccessKeys.CreatedKey created = accessKeys.create(username, caller.getPrincipal().getName());
        AccessKey key = created.key();
        return Response.created(URI.create("/users/" + username + "/access-keys/" + key.accessKeyId))
                .entity(new NewAccessKeyView(key.accessKeyId, created.secretAccessKey(), key.owner, key.status,
                        key.createdAt))
                .build();
    }

    @GET
    @Path("/{username}/access-keys")
    @Operation(summary = "A user's access keys, active and revoked, oldest first (never their secrets)")
    public List<AccessKeyView> accessKeys(@PathParam("username") String username) {
        return accessKeys.of(username).stream().map(AccessKeyView::of).toList();
    }

    @DELETE
    @Path("/{username}/access-keys/{accessKeyId}")
    @Operation(summary = "Revoke an access key (it stays listed as Revoked)")
    public Response revokeAccessKey(@PathParam("username") String username,
                                    @PathParam("accessKeyId") String accessKeyId) {
        accessKeys.revoke(username, accessKeyId, caller.getPrincipal().getName());
        return Response.noContent().build();
    }

    private static RegistryUser find(String username) {
        RegistryUser user = RegistryUser.findById(username);
        if (user == null) {
            throw new UnknownUserException(username);
        }
        return user;
    }

    /** The registry must keep at least one admin, or nobody could manage users any more. */
    private static void requireAnotherAdmin(String username) {
        if (RegistryUser.lockAdmins() <= 1) {
            throw new LastAdminException(username);
        }
    }
}
