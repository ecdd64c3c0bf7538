package dev.treeline.deployer.invocation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The benchmark's HTTP floor: the same server, path shape and body handling as an invocation, but no
 * parsing and no model. Off (404) unless {@code treeline.deployer.bench-floor=true}.
 */
@Path("/endpoints/{endpointName}/floor")
public class FloorResource {

    private final boolean enabled;

    public FloorResource(@ConfigProperty(name = "treeline.deployer.bench-floor", defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response floor(byte[] body) {
        if (!enabled) {
            throw new NotFoundException();
        }
        return Response.ok("0.0\n", "text/csv")
                .header(InvocationResource.VARIANT_HEADER, InvocationResource.VARIANT).build();
    }
}
