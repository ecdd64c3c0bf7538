package dev.treeline.dataprep;

import dev.treeline.support.testing.ServiceApi;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.testing.ServiceFoundationContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "dataprep"), @ResourceArg(name = "warehouse", value = "warehouse") })
class DataPrepServiceFoundationTest extends ServiceFoundationContract {

    @Override
    protected List<String> ownMigrationVersions() {
        return List.of("1", "2", "3", "4");
    }

    @Test
    void readinessAlsoCoversTheWarehouseDatasource() {
        given().when().get(ServiceApi.managementUrl("/q/health/ready")).then().statusCode(200)
                .body("checks.find { it.name == 'Database connections health check' }.data.warehouse",
                        equalTo("UP"));
    }
}
