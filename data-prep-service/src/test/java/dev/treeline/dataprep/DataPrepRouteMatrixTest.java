package dev.treeline.dataprep;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every route of data-prep's main port and the role it needs. The sample bodies are invalid on purpose (400 once
 * the role is checked) and the sample model is not defined (404), so the matrix starts no run, records no drift
 * decision and applies no definition.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DataPrepRouteMatrixTest extends RouteMatrixContract {

    @Override
    protected void declareRoutes(RouteMatrix routes) {
        routes.pathParam("id", "00000000-0000-0000-0000-000000000000");
        routes.get("/runs", role(Roles.VIEWER));
        routes.get("/runs/{id}", role(Roles.VIEWER));
        routes.post("/runs", role(Roles.OPERATOR)).body("{\"model\":\"Not A Model\"}");
        routes.get("/drift-decisions", role(Roles.VIEWER));
        routes.get("/skipped-requests", role(Roles.VIEWER));
        routes.post("/drift-alerts", role(Roles.OPERATOR)).body("{\"model\":\"Not A Model\"}");
        // model definitions: a model that is not defined (404) and invalid definitions (400) change nothing
        routes.pathParam("name", "not-defined");
        routes.pathParam("n", "1");
        routes.get("/models", role(Roles.VIEWER));
        routes.get("/models/{name}", role(Roles.VIEWER));
        routes.get("/models/{name}/revisions/{n}", role(Roles.VIEWER));
        routes.put("/models/{name}", role(Roles.OPERATOR)).body("{\"name\":\"not-defined\"}");
        routes.put("/models", role(Roles.OPERATOR)).body("{\"definitions\":[{\"name\":\"not-defined\"}]}");
        routes.post("/models/{name}/diff", role(Roles.VIEWER)).body("{\"name\":\"not-defined\"}");
        routes.post("/models/{name}/validate", role(Roles.OPERATOR)).body("{\"name\":\"not-defined\"}");
        routes.post("/models/{name}/revisions/{n}/restore", role(Roles.OPERATOR));
        routes.delete("/models/{name}", role(Roles.OPERATOR));
    }
}
