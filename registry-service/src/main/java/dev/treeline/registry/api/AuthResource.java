package dev.treeline.registry.api;

import java.time.Instant;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.treeline.registry.security.TokenIssuer;
import dev.treeline.support.security.Roles;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Logging in: HTTP Basic (checked against the user table, bcrypt) is accepted here and nowhere else, and yields a
 * short-lived JWT that every service verifies locally.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Authentication")
public class AuthResource {

    /** The answer of {@code POST /auth/token}. */
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, Instant expiresAt,
                                String username, Set<String> roles) {
        @Override
        public String toString() {
            return "TokenResponse[accessToken=****, username=" + username + ", roles=" + roles + ", expiresAt="
                    + expiresAt + "]";
        }
    }

    /** Who the caller's token says they are. */
    public record WhoAmI(String username, Set<String> roles, Instant expiresAt) {
    }

    private final SecurityIdentity caller;
    private final JsonWebToken jwt;
    private final TokenIssuer issuer;

    public AuthResource(SecurityIdentity caller, JsonWebToken jwt, TokenIssuer issuer) {
        this.caller = caller;
        this.jwt = jwt;
        this.issuer = issuer;
    }

    @POST
    @Path("/token")
    @Authenticated // by HTTP Basic only (quarkus.http.auth.permission.login in application.properties)
    @Operation(summary = "Log in with HTTP Basic (username and password) and get a Bearer token for every service")
    public TokenResponse token() {
        TokenIssuer.IssuedToken token = issuer.issue(caller.getPrincipal().getName(), caller.getRoles());
        return new TokenResponse(token.token(), "Bearer", token.expiresInSeconds(), token.expiresAt(),
                token.username(), token.roles());
    }

    @GET
    @Path("/whoami")
    @Authenticated
    @Operation(summary = "The caller's username, roles and when the token expires")
    public WhoAmI whoami() {
        return new WhoAmI(jwt.getName(), Roles.effective(jwt.getGroups()), Instant.ofEpochSecond(jwt.getExpirationTime()));
    }
}
