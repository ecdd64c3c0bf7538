package dev.treeline.support.testapp;

import java.util.List;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.ServiceFoundationContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The foundation contract on the test application: health and metrics on its management port, deny by default. */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "support_test") })
class TestAppFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownMigrationVersions() {
        return List.of();
    }
}
