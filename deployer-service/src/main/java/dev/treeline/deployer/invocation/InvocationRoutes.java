package dev.treeline.deployer.invocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.support.security.sigv4.AwsErrorResponse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP side of InvokeEndpoint, as plain Vert.x routes rather than JAX-RS: a request whose model is
 * loaded and evaluated in Java is parsed, scored and answered on the I/O thread that read it (no hand-off
 * to a worker, which cost more than the prediction); a model that must be fetched and loaded, or that is
 * served by the native Booster, is scored on a worker thread. Same paths, headers, bodies and error shapes
 * as before (SageMaker Runtime protocol).
 *
 * <p>The benchmark's HTTP floor ({@code /endpoints/{name}/floor}, only with
 * {@code treeline.deployer.bench-floor=true}) goes through the same route style, body reading and response
 * writing, without parsing or a model, so it stays an honest "same server, no model" baseline.
 */
@ApplicationScoped
public class InvocationRoutes {

    private static final Logger LOG = Logger.getLogger(InvocationRoutes.class);
    private static final CharSequence VARIANT_HEADER = HttpHeaders.createOptimized(InvocationHandler.VARIANT_HEADER);
    private static final CharSequence VARIANT = HttpHeaders.createOptimized(InvocationHandler.VARIANT);
    private static final CharSequence ERROR_TYPE = HttpHeaders.createOptimized("x-amzn-ErrorType");
    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence[] MEDIA_TYPES = new CharSequence[ResponseFormat.values().length];
    static {
        for (ResponseFormat f : ResponseFormat.values()) {
            MEDIA_TYPES[f.ordinal()] = HttpHeaders.createOptimized(f.mediaType());
        }
    }
    private static final byte[] FLOOR_BODY = "0.0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** One response builder per I/O (or worker) thread; responses are copied out before the thread moves on. */
    private static final ThreadLocal<StringBuilder> OUT = ThreadLocal.withInitial(() -> new StringBuilder(256));

    private final InvocationHandler handler;
    private final InvocationAuth auth;
    private final boolean floorEnabled;

    public InvocationRoutes(InvocationHandler handler, InvocationAuth auth, DeployerConfig config) {
        this.handler = handler;
        this.auth = auth;
        this.floorEnabled = config.benchFloor();
    }

    void register(@Observes Router router) {
        router.post("/endpoints/:endpointName/invocations").handler(ctx -> readBody(ctx, this::invoke));
        if (floorEnabled) {
            router.post("/endpoints/:endpointName/floor").handler(ctx -> readBody(ctx, this::floor));
        }
    }

    /** Called with the whole body, or with null and the length seen when it exceeds the 6 MB limit. */
    @FunctionalInterface
    interface BodyConsumer {
        void accept(RoutingContext ctx, Buffer body, long length, long startNanos);
    }

    /**
     * Collects the body up to the limit; past it the rest is read and dropped (so the client can finish
     * sending and read the 413), and the consumer gets null.
     */
    private static void readBody(RoutingContext ctx, BodyConsumer consumer) {
        HttpServerRequest request = ctx.request();
        long start = System.nanoTime();
        if (request.isEnded()) { // a body handler ran before this route
            Buffer body = ctx.body() == null ? null : ctx.body().buffer();
            consumer.accept(ctx, body == null ? Buffer.buffer() : body, body == null ? 0 : body.length(), start);
            return;
        }
        BodyCollector collector = new BodyCollector();
        request.handler(collector);
        request.exceptionHandler(e -> LOG.debugf("invocation request failed while reading: %s", e.getMessage()));
        request.endHandler(v -> consumer.accept(ctx, collector.tooLong ? null : collector.body(), collector.length,
                start));
        request.resume();
    }

    private static final class BodyCollector implements io.vertx.core.Handler<Buffer> {
        private Buffer first;
        private Buffer more;
        private long length;
        private boolean tooLong;

        @Override
        public void handle(Buffer chunk) {
            length += chunk.length();
            if (tooLong || length > InvocationHandler.MAX_BODY_BYTES) {
                tooLong = true;
                first = null;
                more = null;
                return;
            }
            if (first == null) {
                first = chunk;
            } else {
                if (more == null) {
                    more = Buffer.buffer((int) Math.min(length * 2, InvocationHandler.MAX_BODY_BYTES)).appendBuffer(first);
                }
                more.appendBuffer(chunk);
            }
        }

        Buffer body() {
            return more != null ? more : first != null ? first : Buffer.buffer();
        }
    }

    private void invoke(RoutingContext ctx, Buffer body, long length, long start) {
        HttpServerRequest request = ctx.request();
        byte[] bytes = body == null ? null : body.getBytes();
        if (bytes != null) { // a body over the limit is dropped unread: 413 below, nothing to verify
            AwsErrorResponse refused = auth.refusal(request, bytes);
            if (refused != null) {
                refuse(ctx, refused);
                return;
            }
        }
        InvocationHandler.Request prepared;
        try {
            prepared = handler.prepare(ctx.pathParam("endpointName"),
                    request.getHeader(InvocationHandler.TARGET_MODEL), request.getHeader(HttpHeaders.CONTENT_TYPE),
                    request.getHeader(HttpHeaders.ACCEPT), bytes, body == null ? length : bytes.length, start);
            InvocationHandler.Scored scores = handler.tryPredictInline(prepared);
            if (scores != null) {
                respond(ctx, prepared.format(), scores, prepared.rows().count());
                return;
            }
        } catch (InvocationError e) {
            error(ctx, e);
            return;
        }
        InvocationHandler.Request blocking = prepared;
        ctx.vertx().executeBlocking(() -> handler.predict(blocking), false).onComplete(result -> {
            if (result.succeeded()) {
                respond(ctx, blocking.format(), result.result(), blocking.rows().count());
            } else if (result.cause() instanceof InvocationError e) {
                error(ctx, e);
            } else {
                LOG.errorf(result.cause(), "invocation failed unexpectedly");
                error(ctx, new InvocationError(500, InvocationError.INTERNAL, "internal failure; see the endpoint's log"));
            }
        });
    }

    private void floor(RoutingContext ctx, Buffer body, long length, long start) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPES[ResponseFormat.CSV.ordinal()])
                .putHeader(VARIANT_HEADER, VARIANT).end(Buffer.buffer(FLOOR_BODY.length).appendBytes(FLOOR_BODY));
    }

    private static void respond(RoutingContext ctx, ResponseFormat format, InvocationHandler.Scored scored, int rows) {
        StringBuilder text = OUT.get();
        text.setLength(0);
        format.write(scored.scores(), rows, scored.schema(), text);
        Buffer bytes = Buffer.buffer(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes.appendByte((byte) text.charAt(i)); // ASCII only: non-ASCII class names are JSON-escaped
        }
        if (text.capacity() > 64 * 1024) {
            OUT.remove(); // do not keep a large builder per thread after a big batch
        }
        HttpServerResponse response = ctx.response();
        response.putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPES[format.ordinal()]).putHeader(VARIANT_HEADER, VARIANT)
                .end(bytes);
    }

    private static void refuse(RoutingContext ctx, AwsErrorResponse refused) {
        HttpServerResponse response = ctx.response().setStatusCode(refused.status());
        refused.headers().forEach(response::putHeader);
        response.end(Buffer.buffer(refused.bodyBytes()));
    }

    private static void error(RoutingContext ctx, InvocationError e) {
        ctx.response().setStatusCode(e.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(ERROR_TYPE, e.errorType()).end(InvocationHandler.errorBody(e.errorType(), e.getMessage()));
    }
}
