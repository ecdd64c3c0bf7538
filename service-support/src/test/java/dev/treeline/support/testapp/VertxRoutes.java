package dev.treeline.support.testapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** A plain Vert.x route, gated by a path permission (roles viewer) in the test application's configuration. */
@ApplicationScoped
public class VertxRoutes {

    void register(@Observes Router router) {
        router.get("/vertx/ping").handler(context -> context.response().end("pong"));
        router.get("/vertx/items/:item").handler(context -> context.response().end(context.pathParam("item")));
    }
}
