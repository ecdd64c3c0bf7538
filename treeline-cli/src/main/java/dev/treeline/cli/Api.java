package dev.treeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.util.Optional;
import java.util.function.Supplier;
import java.time.Instant;

/** HTTP calls to the services, turning every failure into a {@link CliException} a person can act on. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final String LOG_IN_AGAIN = "log in again: ./treeline login";

    private final Services services;
    private final HttpClient http;
    private TokenCache.CachedToken token;
    private boolean freshLogin;

    Api(Services services) {
        this.services = services;
        this.http = HttpClients.forCa(services.caCert);
    }

    JsonNode get(URI base, String service, String path) {
        return json(authorized(base, service, () -> request(base, path).GET(), "application/json"));
    }

    String getText(URI base, String service, String path, String accept) {
        return authorized(base, service, () -> request(base, path).GET(), accept).body();
    }

    /** A request with a JSON body; a null body sends none (DELETE, or "the current definition"). */
    JsonNode send(URI base, String service, String method, String path, Object body) {
        String json = body == null ? null : write(body);
        return json(authorized(base, service, () -> json == null
                ? request(base, path).method(method, HttpRequest.BodyPublishers.noBody())
                : request(base, path).header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json)), "application/json"));
    }

    /**
     * POST /auth/token with HTTP Basic (the only route that takes a password) and cache the token.
     *
     * @throws CliException exit 4 when the registry refuses the user or password
     */
    TokenCache.CachedToken login(String user, String password) {
        URI registry = services.registry;
        HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve("/auth/token")).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = exchange(registry, "registry-service", request, "application/json");
        if (response.statusCode() == 401) {
            throw new CliException(CliException.UNAUTHORIZED, "registry-service: wrong user or password for '"
                    + user + "'");
        }
        JsonNode answer = json(check(response, "registry-service"));
        List<String> roles = new ArrayList<>();
        answer.path("roles").forEach(r -> roles.add(r.asText()));
        Instant expiresAt = answer.hasNonNull("expiresAt") ? Instant.parse(answer.get("expiresAt").asText())
                : Instant.now().plusSeconds(answer.path("expiresIn").asLong(60));
        TokenCache.CachedToken fresh = new TokenCache.CachedToken(registry.toString(),
                answer.path("username").asText(user), List.copyOf(roles), answer.path("accessToken").asText(),
                expiresAt);
        try {
            services.tokenCache().write(fresh);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_REQUEST, "could not cache the token in "
                    + services.tokenCache().file() + ": " + e.getMessage());
        }
        token = fresh;
        freshLogin = true;
        return fresh;
    }

    /** The token to send: the cached one, a new one when credentials are at hand, else exit 4. */
    private TokenCache.CachedToken token() {
        if (token != null) {
            return token;
        }
        Optional<TokenCache.CachedToken> cached = services.tokenCache().read();
        return switch (TokenCache.decide(cached, services.registry, services.haveCredentials(), Instant.now())) {
            case USE_CACHED -> token = cached.get();
            case LOG_IN -> login(services.user, services.password);
            case ASK_TO_LOG_IN -> throw new CliException(CliException.UNAUTHORIZED, (cached.isPresent()
                    ? "the token of '" + cached.get().username() + "' expired or is for another registry; "
                    : "not logged in; ") + LOG_IN_AGAIN);
        };
    }

    /** Who the cached token says is asking (for messages). */
    String username() {
        return token != null ? token.username() : services.user;
    }

    /**
     * Sends with the bearer token; a 401 on a cached token (expired early, keys rotated) logs in again once when
     * credentials are at hand.
     */
    private HttpResponse<String> authorized(URI base, String service, Supplier<HttpRequest.Builder> request,
                                            String accept) {
        TokenCache.CachedToken current = token();
        HttpResponse<String> response = exchange(base, service, request.get()
                .header("Authorization", "Bearer " + current.accessToken()), accept);
        if (response.statusCode() == 401 && !freshLogin && services.haveCredentials()) {
            current = login(services.user, services.password);
            response = exchange(base, service, request.get()
                    .header("Authorization", "Bearer " + current.accessToken()), accept);
        }
        if (response.statusCode() == 401) {
            throw new CliException(CliException.UNAUTHORIZED, service + " refused the token of '"
                    + current.username() + "'; " + LOG_IN_AGAIN);
        }
        return check(response, service);
    }

    /** A request sent as built (SigV4-signed invocations): the answer, whatever its status. */
    HttpResponse<String> sendRaw(URI base, String service, HttpRequest.Builder builder) {
        return exchange(base, service, builder.timeout(REQUEST_TIMEOUT), null);
    }

    static String query(Map<String, ?> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static Map<String, Object> params(Object... nameValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put((String) nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    }

    private HttpResponse<String> exchange(URI base, String service, HttpRequest.Builder builder, String accept) {
        if (accept != null) {
            builder.header("Accept", accept);
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(CliException.UNREACHABLE, service + " is not reachable at " + base
                    + " (is it running? start everything with ./run-local.sh)");
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new CliException(CliException.UNREACHABLE, service + " at " + base + ": TLS handshake failed ("
                    + e.getMessage() + "); trust its CA with --ca-cert or TREELINE_CA_CERT");
        } catch (IOException e) {
            throw new CliException(CliException.UNREACHABLE, service + " at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted");
        }
    }

    private HttpResponse<String> check(HttpResponse<String> response, String service) {
        int status = response.statusCode();
        if (status < 300) {
            return response;
        }
        String detail = problemDetail(response.body());
        String message = service + ": " + (detail.isBlank() ? "HTTP " + status : detail);
        throw switch (status) {
            case 401 -> new CliException(CliException.UNAUTHORIZED, service + ": not authenticated; "
                    + LOG_IN_AGAIN);
            case 403 -> new CliException(CliException.UNAUTHORIZED, service + ": user '" + username()
                    + "' lacks the role this needs" + (detail.isBlank() ? "" : " (" + detail + ")"));
            case 404 -> new CliException(CliException.NOT_FOUND, message);
            case 409 -> new CliException(CliException.CONFLICT, message);
            default -> new CliException(status < 500 ? CliException.BAD_REQUEST : CliException.SERVER_ERROR, message,
                    problem(response.body()));
        };
    }

    /** The body as JSON when it is some, else null. */
    private static JsonNode problem(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The human part of a problem-details (or SageMaker-style) error body. */
    static String problemDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            for (String field : new String[] {"detail", "message", "Message", "title"}) {
                if (node.hasNonNull(field) && !node.get(field).asText().isBlank()) {
                    return node.get(field).asText();
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        return body.length() > 300 ? body.substring(0, 300) + "…" : body.strip();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CliException(CliException.SERVER_ERROR, "unexpected answer (not JSON): " + e.getMessage());
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
