package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.RouteInventory.Kind;
import dev.treeline.support.security.RouteInventory.Route;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** The inventory of the running test application (dev.treeline.support.testapp). */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "support_test") })
class RouteInventoryTest {

    @Inject
    RouteInventory inventory;

    @Test
    void listsEveryJaxRsResourceMethodWithItsFullNormalisedTemplate() {
        assertThat(inventory.jaxrsRoutes()).contains(
                new Route("GET", "/guarded", Kind.JAXRS),
                new Route("GET", "/guarded/{id}", Kind.JAXRS),
                new Route("POST", "/guarded", Kind.JAXRS),
                new Route("GET", "/unannotated", Kind.JAXRS),
                new Route("POST", "/login", Kind.JAXRS),
                new Route("GET", "/whoami", Kind.JAXRS),
                new Route("POST", "/endpoints/{name}/invocations", Kind.JAXRS));
    }

    @Test
    void listsTheVertxRoutesOfTheMainRouterWithColonParametersNormalised() {
        assertThat(inventory.vertxRoutes()).contains(
                new Route("GET", "/vertx/ping", Kind.VERTX),
                new Route("GET", "/vertx/items/{item}", Kind.VERTX));
    }

    @Test
    void leavesOutTheManagementInterface() {
        assertThat(inventory.routes()).extracting(Route::path).noneMatch(path -> path.startsWith("/q/"));
    }
}
