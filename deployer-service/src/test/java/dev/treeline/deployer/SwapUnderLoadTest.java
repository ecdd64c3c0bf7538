package dev.treeline.deployer;

import static dev.treeline.deployer.RegistryFixture.await;
import static dev.treeline.deployer.RegistryFixture.uniqueGroup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.ModelCache;
import dev.treeline.deployer.endpoint.TestModels;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.s3.S3Config;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 200 requests in flight over HTTP while the model's version changes 20 times and the model is evicted
 * in between: no request fails and every answer is exactly one of the two versions' predictions.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "deployer_sandbox") })
class SwapUnderLoadTest {

    static final int IN_FLIGHT = 200;
    static final int SWAPS = 20;
    static TestModels.Trained a;
    static TestModels.Trained b;
    static final float[][] ROWS = TestModels.rows(41, 5);

    @Inject
    S3Config s3;
    @Inject
    ModelCache cache;
    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void train() throws Exception {
        a = TestModels.train(51, 2f);
        b = TestModels.train(52, -3f);
    }

    @AfterAll
    static void dispose() {
        a.booster().dispose();
        b.booster().dispose();
    }

    @Test
    void twoHundredConcurrentRequestsDuringTwentySwapsAndEvictionsAllSucceedWithOldOrNewAnswers() throws Exception {
        String group = uniqueGroup("hot");
        String csvA = expectedCsv(a);
        String csvB = expectedCsv(b);
        try (RegistryFixture registry = new RegistryFixture(s3)) {
            String keyA = registry.upload(group, 1, a).artifact().key();
            String keyB = registry.upload(group, 2, b).artifact().key();
            add(group, 1, keyA, a.sha256());
            assertThat(Invocations.predict(group, ROWS)).containsExactly(a.reference(ROWS));
            long swapsBefore = cache.swaps();
            long evictionsBefore = cache.evictions();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build(); // one connection per request in flight
            HttpRequest request = SignedRequests.signed(TestAccessKeys.INVOKER,
                    URI.create(base + "endpoints/treeline-sandbox/invocations"),
                    Invocations.csv(ROWS).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Map.of("X-Amzn-SageMaker-Target-Model", group)).header("Content-Type", "text/csv")
                    .header("Accept", "text/csv").timeout(Duration.ofSeconds(30)).build();
            Semaphore slots = new Semaphore(IN_FLIGHT);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger answeredA = new AtomicInteger();
            AtomicInteger answeredB = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            Thread load = new Thread(() -> {
                while (running.get()) {
                    slots.acquireUninterruptibly();
                    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        try {
                            if (e != null) {
                                failures.add(e.toString());
                            } else if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else if (r.body().equals(csvA)) {
                                answeredA.incrementAndGet();
                                ok.incrementAndGet();
                            } else if (r.body().equals(csvB)) {
                                answeredB.incrementAndGet();
                                ok.incrementAndGet();
                            } else {
                                failures.add("neither version's answer: " + r.body());
                            }
                        } finally {
                            slots.release();
                        }
                    });
                }
            }, "load");
            load.start();
            await("load running", () -> ok.get() > IN_FLIGHT);
            for (int version = 2; version <= SWAPS + 1; version++) {
                boolean useB = version % 2 == 0;
                add(group, version, useB ? keyB : keyA, useB ? b.sha256() : a.sha256());
                int expected = version;
                await("v" + version + " swapped in", () -> cache.peek(group).map(m -> m.key().version() == expected)
                        .orElse(false));
                if (version % 5 == 0) {
                    cache.invalidate(group); // evicted under load: the next request reloads it
                }
                int before = ok.get();
                await("requests served on v" + version, () -> ok.get() > before + 20);
            }
            running.set(false);
            load.join(30_000);
            assertThat(slots.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)).as("all requests completed").isTrue();

            assertThat(failures).as("failed or wrong answers").isEmpty();
            assertThat(ok.get()).isGreaterThan(IN_FLIGHT * 2);
            assertThat(answeredA.get()).isPositive();
            assertThat(answeredB.get()).isPositive();
            assertThat(cache.swaps() - swapsBefore).isGreaterThanOrEqualTo(SWAPS - SWAPS / 5);
            assertThat(cache.evictions() - evictionsBefore).isGreaterThanOrEqualTo(SWAPS / 5);
        }
    }

    private static void add(String group, int version, String key, String sha256) {
        given().header("Authorization", dev.treeline.support.testing.TestTokens.bearer("admin", "admin"))
                .contentType("application/json")
                .body(Map.of("modelGroup", group, "version", version, "bucket", RegistryFixture.TRAINING_BUCKET,
                        "key", key, "sha256", sha256))
                .when().post("/models").then().statusCode(201);
    }

    private static String expectedCsv(TestModels.Trained model) throws Exception {
        StringBuilder out = new StringBuilder();
        for (float score : model.reference(ROWS)) {
            out.append(score).append('\n');
        }
        return out.toString();
    }

}
