package dev.treeline.deployer.management;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.treeline.deployer.endpoint.CategoryDictionary;
import dev.treeline.deployer.endpoint.LoadedModel;
import dev.treeline.deployer.endpoint.ModelSchema;
import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.UnservedModelException;
import dev.treeline.deployer.following.Deployments;
import dev.treeline.deployer.storage.DeploymentStore;
import dev.treeline.deployer.storage.DesiredVersion;
import dev.treeline.deployer.storage.ModelServing;
import dev.treeline.deployer.storage.PendingPromotion;
import dev.treeline.events.ModelGroupName;
import dev.treeline.events.ModelGroupNames;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.support.errors.UnprocessableException;
import dev.treeline.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The endpoint's models: anyone with {@code viewer} lists them, their serving settings and the pending promotions; {@code admin} adds one
 * from a bucket, removes or reloads one (Bearer tokens the registry issues, verified locally). Failures are
 * domain exceptions (service-support's ProblemDetailsMapper answers them): a model not served 404, an invalid name
 * 400, an artifact refused or not copied 422.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ManagementResource {

    private final DeploymentStore store;
    private final Deployments deployments;
    private final ModelCache cache;
    private final SecurityIdentity identity;

    public ManagementResource(DeploymentStore store, Deployments deployments, ModelCache cache,
            SecurityIdentity identity) {
        this.store = store;
        this.deployments = deployments;
        this.cache = cache;
        this.identity = identity;
    }

    /**
     * What {@code GET /models} lists per model: the recorded version, this replica's loaded state and the model's
     * serving settings.
     */
    public record ModelView(String modelGroup, int version, String sha256, String action, String reason,
            Instant updatedAt, String artifactKey, boolean loaded, Integer loadedVersion, Long sizeBytes,
            Instant lastUsedAt, String engine, String engineDetail, InputsView inputs, ServingView serving) {
    }

    /**
     * What the loaded model takes and answers (from its dataset schema): feature names in model order (empty when
     * it has none), the categorical ones with their number of categories, and the label's class names.
     */
    public record InputsView(int numFeatures, List<String> featureNames, Map<String, Integer> categoricalFeatures,
            List<String> classes) {
        static InputsView of(ModelSchema schema) {
            Map<String, Integer> categorical = new LinkedHashMap<>();
            for (int f = 0; f < schema.numFeatures(); f++) {
                CategoryDictionary d = schema.dictionary(f);
                if (d != null) {
                    categorical.put(d.feature(), d.size());
                }
            }
            return new InputsView(schema.numFeatures(), schema.featureNames(), categorical, schema.classes());
        }
    }

    /**
     * A model's serving settings as its definition's serving section says (from the registry's ModelGroupChanged):
     * the defaults ({@code preload} false, no revision) for a model the registry never sent settings for.
     */
    public record ServingView(String modelGroup, boolean preload, Integer definitionRevision, boolean retired,
            Instant changedAt) {
        static ServingView of(ModelServing s) {
            return new ServingView(s.modelGroup, s.preload, s.definitionRevision, s.retired, s.changedAt);
        }

        static ServingView defaults(String modelGroup) {
            return new ServingView(modelGroup, false, null, false, null);
        }
    }

    /** What {@code GET /promotions/pending} lists: an approval waiting for the promotion delay. */
    public record PendingView(String modelGroup, int version, Instant approvedAt, Instant dueAt) {
        static PendingView of(PendingPromotion p) {
            return new PendingView(p.modelGroup, p.version, p.approvedAt, p.dueAt);
        }
    }

    public record AddModel(@NotNull @ModelGroupName String modelGroup, @NotBlank String bucket, @NotBlank String key,
            @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be 64 lowercase hex characters") String sha256,
            @Min(1) Integer version) {
    }

    @GET
    @Path("models")
    @RolesAllowed(Roles.VIEWER)
    public List<ModelView> list() {
        return store.allDesired().stream().map(this::view).toList();
    }

    @GET
    @Path("models/{modelGroup}")
    @RolesAllowed(Roles.VIEWER)
    public ModelView get(@PathParam("modelGroup") String modelGroup) {
        return view(store.desired(valid(modelGroup)).orElseThrow(() -> notServed(modelGroup)));
    }

    @POST
    @Path("models")
    @RolesAllowed(Roles.ADMIN)
    public Response add(@Valid @NotNull AddModel request) {
        DesiredVersion added = deployments.addManually(request.modelGroup(), request.version(), request.bucket(),
                request.key(), request.sha256(), identity.getPrincipal().getName());
        return Response.status(201).entity(view(added)).build();
    }

    @DELETE
    @Path("models/{modelGroup}")
    @RolesAllowed(Roles.ADMIN)
    public Response remove(@PathParam("modelGroup") String modelGroup) {
        String group = valid(modelGroup);
        if (!deployments.remove(group, identity.getPrincipal().getName())) {
            throw notServed(group);
        }
        return Response.noContent().build();
    }

    /** Loads the recorded version again from the bucket and swaps it in; requests keep being served meanwhile. */
    @POST
    @Path("models/{modelGroup}/reload")
    @RolesAllowed(Roles.ADMIN)
    public Response reload(@PathParam("modelGroup") String modelGroup) {
        String group = valid(modelGroup);
        if (store.desired(group).isEmpty()) {
            throw notServed(group);
        }
        try {
            cache.swap(group).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new UnprocessableException("reload of " + group + " failed; the previous model keeps serving: "
                    + e.getCause().getMessage(), e.getCause());
        }
        return Response.ok(view(store.desired(group).orElseThrow(() -> notServed(group)))).build();
    }

    /** Every model's serving settings, served here or not (yet). */
    @GET
    @Path("serving")
    @RolesAllowed(Roles.VIEWER)
    public List<ServingView> serving() {
        return store.allServing().stream().map(ServingView::of).toList();
    }

    @GET
    @Path("promotions/pending")
    @RolesAllowed(Roles.VIEWER)
    public List<PendingView> pending() {
        return store.allPending().stream().map(PendingView::of).toList();
    }

    private ModelView view(DesiredVersion d) {
        Optional<LoadedModel> loaded = cache.peek(d.modelGroup);
        return new ModelView(d.modelGroup, d.version, d.sha256, d.action.name(), d.reason, d.updatedAt,
                d.artifactKey, loaded.isPresent(), loaded.map(m -> m.key().version()).orElse(null),
                loaded.map(m -> (long) m.weightBytes()).orElse(null),
                loaded.map(LoadedModel::lastUsedMillis).filter(t -> t > 0).map(Instant::ofEpochMilli).orElse(null),
                loaded.map(m -> m.engine().label()).orElse(null), loaded.map(LoadedModel::engineDetail).orElse(null),
                loaded.map(m -> InputsView.of(m.schema())).orElse(null),
                store.serving(d.modelGroup).map(ServingView::of).orElseGet(() -> ServingView.defaults(d.modelGroup)));
    }

    private static String valid(String modelGroup) {
        if (!ModelGroupNames.isValid(modelGroup)) {
            throw new InvalidRequestException("model group name '" + modelGroup + "' is invalid: "
                    + ModelGroupNames.RULE);
        }
        return modelGroup;
    }

    private static UnservedModelException notServed(String group) {
        return new UnservedModelException(group, "model " + group + " is not served on this endpoint");
    }
}
