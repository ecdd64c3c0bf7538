package dev.treeline.dataprep.run;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import dev.treeline.dataprep.timeline.RunTimeline;
import dev.treeline.events.ModelGroupName;
import dev.treeline.events.RetrainReason;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.support.security.Roles;
import dev.treeline.support.web.Problem;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** Runs for people: start one by hand, list them, read one with its lineage and later stages. */
@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    /**
     * The run is requested by the token's user: a {@code requestedBy} in the body (older clients) is ignored, like
     * any unknown property.
     */
    public record RunRequest(@NotNull @ModelGroupName String model, boolean testing) {
    }

    private final RunService runs;
    private final RunTimeline timeline;

    public RunResource(RunService runs, RunTimeline timeline) {
        this.runs = runs;
        this.timeline = timeline;
    }

    /**
     * 202 with the run and its Location; 409 naming the active run; 404 for a model without a spec. The run's
     * {@code requestedBy} is the caller's user name from the token, whatever the body says.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response start(@Valid @NotNull RunRequest request, @Context SecurityContext caller) {
        Kickoff kickoff = runs.request(new KickoffRequest(request.model(), RetrainReason.MANUAL, request.testing(),
                caller.getUserPrincipal().getName(), null, null));
        if (kickoff instanceof Kickoff.Blocked blocked) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "Conflict");
            problem.put("status", 409);
            problem.put("detail", "model '" + request.model() + "' already has an active run " + blocked.activeRunId()
                    + " (" + blocked.activeStatus() + "); wait for it to finish");
            problem.put("activeRunId", blocked.activeRunId());
            return Response.status(409).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        RetrainRun run = ((Kickoff.Started) kickoff).run();
        return Response.accepted(RunView.of(run, List.of())).location(URI.create("runs/" + run.id)).build();
    }

    /** Newest first. */
    @GET
    @RolesAllowed(Roles.VIEWER)
    @Transactional
    public List<RunView> list(@QueryParam("model") String model, @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (model != null && !model.isBlank()) {
            where.add("model = :model");
            params.put("model", model);
        }
        if (status != null && !status.isBlank()) {
            where.add("status = :status");
            params.put("status", parseStatus(status));
        }
        Sort newestFirst = Sort.descending("requestedAt");
        var query = where.isEmpty() ? RetrainRun.<RetrainRun>findAll(newestFirst)
                : RetrainRun.<RetrainRun>find(String.join(" and ", where), newestFirst, params);
        return query.page(Page.ofSize(limit)).list().stream().map(r -> RunView.of(r, null)).toList();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("{id}")
    @Transactional
    public RunView get(@PathParam("id") String id) {
        UUID runId = parseId(id);
        RetrainRun run = RetrainRun.<RetrainRun>findByIdOptional(runId)
                .orElseThrow(() -> new RunNotFoundException(id));
        return RunView.of(run, timeline.of(runId));
    }

    private static RunStatus parseStatus(String status) {
        try {
            return RunStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("unknown status '" + status + "'; one of "
                    + Arrays.toString(RunStatus.values()));
        }
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RunNotFoundException.notAUuid(id);
        }
    }
}
