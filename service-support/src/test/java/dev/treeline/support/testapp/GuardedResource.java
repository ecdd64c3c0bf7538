package dev.treeline.support.testapp;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import dev.treeline.support.security.Roles;

/** The test application's role-gated resource, as a service writes one. */
@Path("/guarded")
public class GuardedResource {

    @GET
    @RolesAllowed(Roles.VIEWER)
    public List<String> list() {
        return List.of("a", "b");
    }

    @GET
    @Path("{id: [a-z0-9-]+}")
    @RolesAllowed(Roles.VIEWER)
    public Map<String, String> one(@PathParam("id") String id) {
        return Map.of("id", id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    public Map<String, Object> create(Map<String, Object> body) {
        if (body == null || !body.containsKey("name")) {
            throw new jakarta.ws.rs.BadRequestException("name is required");
        }
        return body;
    }
}
