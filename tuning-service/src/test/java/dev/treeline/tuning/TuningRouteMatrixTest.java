package dev.treeline.tuning;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.RouteMatrix;
import dev.treeline.support.testing.RouteMatrixContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Every route of tuning's main port and the role it needs: the tuning API only reads. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "tuning") })
class TuningRouteMatrixTest extends RouteMatrixContract {

    @Override
    protected void declareRoutes(RouteMatrix routes) {
        routes.get("/tuning-jobs", role(Roles.VIEWER));
        routes.get("/tuning-jobs/{name}", role(Roles.VIEWER)).pathParam("name", "no-such-job");
        routes.get("/evaluations", role(Roles.VIEWER));
    }
}
