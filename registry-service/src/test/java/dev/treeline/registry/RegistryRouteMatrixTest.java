package dev.treeline.registry;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every route of the registry's main port and the access it needs; a route added later without a declaration
 * here (and so, most likely, without a role) fails the contract. Sample values name nothing that exists, so a
 * caller with the role gets 400 or 404 and nothing changes.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class RegistryRouteMatrixTest extends RouteMatrixContract {

    private static final String DECISION = "{\"approvalStatus\":\"Approved\",\"reason\":\"route matrix\"}";

    @Override
    protected void declareRoutes(RouteMatrix routes) {
        routes.basicCredentials("admin", "admin");
        routes.pathParam("group", "no-such-group").pathParam("version", "1").pathParam("username", "no-such-user")
                .pathParam("accessKeyId", "TLAKAAAAAAAAAAAAAAAA");

        routes.post("/auth/token", basicLogin());
        routes.get("/auth/whoami", authenticated());

        routes.get("/groups", role(Roles.VIEWER));
        routes.get("/groups/{group}", role(Roles.VIEWER));
        routes.get("/groups/{group}/versions", role(Roles.VIEWER));
        routes.get("/groups/{group}/versions/{version}", role(Roles.VIEWER));
        routes.get("/groups/{group}/versions/{version}/audit", role(Roles.VIEWER));
        routes.get("/groups/{group}/versions/{version}/lineage", role(Roles.VIEWER));
        routes.get("/groups/{group}/evaluations", role(Roles.VIEWER));
        routes.get("/groups/{group}/evaluations.csv", role(Roles.VIEWER));
        routes.get("/groups/{group}/deployments", role(Roles.VIEWER));
        routes.patch("/groups/{group}/versions/{version}", role(Roles.APPROVER)).body(DECISION);
        routes.put("/groups/{group}/versions/{version}/status", role(Roles.APPROVER)).body(DECISION);

        routes.get("/users", role(Roles.ADMIN));
        routes.post("/users", role(Roles.ADMIN)).body("{}"); // invalid: 400, no user made
        routes.put("/users/{username}/roles", role(Roles.ADMIN)).body("{\"roles\":[\"viewer\"]}");
        routes.put("/users/{username}/password", role(Roles.ADMIN)).body("{\"password\":\"route-matrix-1\"}");
        routes.delete("/users/{username}", role(Roles.ADMIN));
        routes.post("/users/{username}/access-keys", role(Roles.ADMIN));
        routes.get("/users/{username}/access-keys", role(Roles.ADMIN));
        routes.delete("/users/{username}/access-keys/{accessKeyId}", role(Roles.ADMIN));
    }
}
