package dev.treeline.dataprep.definition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.definition.ApplyOutcome.Outcome;
import dev.treeline.dataprep.definition.DefinitionViews.Detail;
import dev.treeline.dataprep.definition.DefinitionViews.LastRun;
import dev.treeline.dataprep.definition.DefinitionViews.Models;
import dev.treeline.dataprep.definition.DefinitionViews.Revision;
import dev.treeline.dataprep.definition.DefinitionViews.Summary;
import dev.treeline.dataprep.definition.validate.DefinitionValidator;
import dev.treeline.dataprep.definition.validate.DryRun;
import dev.treeline.dataprep.definition.validate.DryRunReport;
import dev.treeline.dataprep.kickoff.RetrainSchedule;
import dev.treeline.dataprep.run.RunStatus;
import dev.treeline.events.definition.InvalidDefinitionException;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.support.security.Roles;

/**
 * Model definitions over HTTP: list and read them with their revisions, apply one or a batch (YAML or JSON
 * bodies), diff, dry-run, restore a revision, retire. The work is {@link DefinitionService}'s.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelDefinitionResource {

    static final String YAML = "application/yaml";
    static final String TEXT_YAML = "text/yaml";

    private final DefinitionService service;
    private final DefinitionStore store;
    private final DefinitionValidator validator;
    private final DryRun dryRun;
    private final EntityManager em;
    private final ObjectMapper json;
    private final DataPrepConfig config;
    private final Clock clock;

    public ModelDefinitionResource(DefinitionService service, DefinitionStore store, DefinitionValidator validator,
            DryRun dryRun, EntityManager em, ObjectMapper json, DataPrepConfig config, Clock clock) {
        this.service = service;
        this.store = store;
        this.validator = validator;
        this.dryRun = dryRun;
        this.em = em;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Transactional
    public Models list(@QueryParam("retired") @DefaultValue("false") boolean retired) {
        Map<String, LastRun> lastRuns = lastRuns();
        return new Models(store.all().stream().filter(d -> retired || !d.retired())
                .map(d -> summary(d, lastRuns.get(d.name()))).toList());
    }

    @GET
    @Path("{name}")
    @RolesAllowed(Roles.VIEWER)
    @Transactional
    public Detail get(@PathParam("name") String name) {
        StoredDefinition current = store.current(name).orElseThrow(() -> DefinitionNotFoundException.model(name));
        return new Detail(summary(current, lastRuns().get(name)), ModelDefinitions.toTree(current.definition()),
                store.revisions(name).stream().map(r -> Revision.of(r, false)).toList());
    }

    @GET
    @Path("{name}/revisions/{n}")
    @RolesAllowed(Roles.VIEWER)
    public Revision revision(@PathParam("name") String name, @PathParam("n") int n) {
        return Revision.of(store.revision(name, n).orElseThrow(() -> new DefinitionNotFoundException(
                "model '" + name + "' has no revision " + n)), true);
    }

    /** 201 when created, 200 otherwise; {@code ?dryRun=true} applies nothing and answers the dry-run report too. */
    @PUT
    @Path("{name}")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.TEXT_PLAIN})
    public Response put(@PathParam("name") String name, @QueryParam("dryRun") @DefaultValue("false") boolean dry,
            String body, @Context SecurityContext caller) {
        ModelDefinition definition = definitionFor(name, body);
        ApplyOutcome outcome = service.apply(definition, DefinitionSource.api(user(caller)), dry);
        if (dry) {
            Map<String, Object> answer = new LinkedHashMap<>(reportMap(dryRun.run(definition, 100)));
            answer.put("name", name);
            answer.put("outcome", outcome.outcome());
            answer.put("changes", outcome.changes());
            return Response.ok(answer).build();
        }
        return Response.status(outcome.outcome() == Outcome.CREATED ? 201 : 200).entity(outcome).build();
    }

    /** Every definition validated first (any problem: 400, nothing applied), then all applied in one transaction. */
    @PUT
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML})
    public Map<String, List<ApplyOutcome>> putAll(String body, @Context SecurityContext caller) {
        JsonNode request = parse(body);
        JsonNode items = request.path("definitions");
        if (!items.isArray()) {
            throw new InvalidRequestException("the body must be {\"definitions\": [...], \"prune\": false,"
                    + " \"dryRun\": false}", List.of(new Violation("definitions", "must be a list of definitions")));
        }
        List<ModelDefinition> definitions = new ArrayList<>();
        List<Violation> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String label = item.path("name").isTextual() ? item.path("name").asText() : "definitions[" + i + "]";
            DefinitionValidator.Checked checked = validator.check(item);
            checked.problems().forEach(p -> problems.add(new Violation(label + ": " + p.field(), p.message())));
            if (checked.valid()) {
                if (!names.add(label)) {
                    problems.add(new Violation(label + ": name", "is defined twice in this batch"));
                }
                definitions.add(checked.definition());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems.size() + " problem(s) in the definitions; nothing applied",
                    problems);
        }
        List<ApplyOutcome> results = service.applyAll(definitions, request.path("prune").asBoolean(false),
                DefinitionSource.api(user(caller)), request.path("dryRun").asBoolean(false));
        return Map.of("results", results);
    }

    @POST
    @Path("{name}/diff")
    @RolesAllowed(Roles.VIEWER)
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.TEXT_PLAIN})
    public Map<String, Object> diff(@PathParam("name") String name, String body) {
        ApplyOutcome outcome = service.preview(definitionFor(name, body));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("outcome", outcome.outcome());
        answer.put("changes", outcome.changes());
        return answer;
    }

    /** 200 with the report whether the definition is valid or not; 400 only when the body does not parse. */
    @POST
    @Path("{name}/validate")
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, YAML, TEXT_YAML, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public DryRunReport validate(@PathParam("name") String name,
            @QueryParam("rows") @DefaultValue("100") @Min(1) @Max(10_000) int rows, String body) {
        ModelDefinition definition;
        if (body == null || body.isBlank()) {
            definition = store.current(name).orElseThrow(() -> DefinitionNotFoundException.model(name)).definition();
        } else {
            DefinitionValidator.Checked checked = validator.check(parse(body));
            List<Violation> problems = new ArrayList<>(checked.problems());
            if (checked.valid() && !checked.definition().name().equals(name)) {
                problems.add(nameMismatch(name, checked.definition()));
            }
            if (!problems.isEmpty()) {
                return new DryRunReport(false, null, null, null, rows, List.of(), problems);
            }
            definition = checked.definition();
        }
        return dryRun.run(definition, rows);
    }

    @POST
    @Path("{name}/revisions/{n}/restore")
    @RolesAllowed(Roles.OPERATOR)
    public ApplyOutcome restore(@PathParam("name") String name, @PathParam("n") int n,
            @Context SecurityContext caller) {
        return service.restore(name, n, DefinitionSource.api(user(caller)));
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed(Roles.OPERATOR)
    public ApplyOutcome retire(@PathParam("name") String name, @Context SecurityContext caller) {
        return service.retire(name, DefinitionSource.api(user(caller)));
    }

    private ModelDefinition definitionFor(String name, String body) {
        DefinitionValidator.Checked checked = validator.check(parse(body));
        if (!checked.valid()) {
            throw new InvalidRequestException("the definition of " + name + " is invalid (" + checked.problems().size()
                    + " problem(s)); nothing applied", checked.problems());
        }
        if (!checked.definition().name().equals(name)) {
            throw new InvalidRequestException("the definition's name must equal the path",
                    List.of(nameMismatch(name, checked.definition())));
        }
        return checked.definition();
    }

    private static Violation nameMismatch(String name, ModelDefinition definition) {
        return new Violation("name", "is '" + definition.name() + "' but the path says '" + name + "'");
    }

    private static JsonNode parse(String body) {
        try {
            return ModelDefinitions.readTree(body);
        } catch (InvalidDefinitionException e) {
            throw new InvalidRequestException("the body does not parse: " + e.getMessage(),
                    List.of(new Violation("", e.getMessage())));
        }
    }

    private Summary summary(StoredDefinition d, LastRun lastRun) {
        ModelDefinition definition = d.definition();
        Instant nextRunAt = d.retired() || !config.schedulerEnabled() ? null
                : RetrainSchedule.nextRun(definition.schedule(), clock.instant()).orElse(null);
        return new Summary(d.name(), definition.description(), definition.owner(), definition.tags(), d.revision(),
                d.contentHash(), d.source(), d.origin(), d.retired(), definition.schedule(), nextRunAt, lastRun,
                d.appliedAt(), d.appliedBy());
    }

    /** Every model's most recent run, in one query. */
    private Map<String, LastRun> lastRuns() {
        Map<String, LastRun> last = new HashMap<>();
        for (Object row : em.createNativeQuery("select distinct on (model) model, id, status, requested_at"
                + " from retrain_run order by model, requested_at desc").getResultList()) {
            Object[] r = (Object[]) row;
            last.put((String) r[0], new LastRun((UUID) r[1], RunStatus.valueOf((String) r[2]),
                    DefinitionStore.instant(r[3])));
        }
        return last;
    }

    private Map<String, Object> reportMap(DryRunReport report) {
        return json.convertValue(report, json.getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                Object.class));
    }

    private static String user(SecurityContext caller) {
        return caller.getUserPrincipal().getName();
    }
}
