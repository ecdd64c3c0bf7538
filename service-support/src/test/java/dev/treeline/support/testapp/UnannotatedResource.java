package dev.treeline.support.testapp;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * A resource someone forgot to give a role: {@code quarkus.security.jaxrs.deny-unannotated-endpoints} denies it to
 * everyone, and the route matrix names it until it gets a role.
 */
@Path("/unannotated")
public class UnannotatedResource {

    @GET
    public String forgotten() {
        return "nobody should read this";
    }
}
