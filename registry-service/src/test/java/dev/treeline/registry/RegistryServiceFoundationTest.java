package dev.treeline.registry;

import java.util.List;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.ServiceFoundationContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class RegistryServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownMigrationVersions() {
        return List.of("1", "2", "3", "4", "5", "6", "7");
    }
}
