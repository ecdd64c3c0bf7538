package dev.treeline.support.testapp;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;

/** A login route (HTTP Basic only), a who-am-I route (any valid token) and a SigV4-style route. */
@Path("/")
public class AccountResource {

    @Inject
    SecurityIdentity identity;

    @POST
    @Path("login")
    @Authenticated
    public Map<String, String> login() {
        return Map.of("username", identity.getPrincipal().getName());
    }

    @GET
    @Path("whoami")
    @Authenticated
    public Map<String, Object> whoami() {
        return Map.of("username", identity.getPrincipal().getName(), "roles", identity.getRoles());
    }

    /** Stands for InvokeEndpoint: the path policy lets it through and the method checks its own signature. */
    @POST
    @Path("endpoints/{name}/invocations")
    @PermitAll
    public Response invoke(@PathParam("name") String name, @HeaderParam("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return Response.status(403).header("x-amzn-ErrorType",
                    "MissingAuthenticationTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/")
                    .entity("{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}")
                    .type("application/json").build();
        }
        return Response.status(403).header("x-amzn-ErrorType", "InvalidSignatureException").build();
    }
}
