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
 * the role is checked), so the matrix starts no run and records no drift decision.
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
    }
}
