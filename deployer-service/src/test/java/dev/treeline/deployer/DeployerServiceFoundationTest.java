package dev.treeline.deployer;

import java.util.List;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.ServiceFoundationContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class DeployerServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownMigrationVersions() {
        return List.of("1", "2", "3", "4");
    }
}
