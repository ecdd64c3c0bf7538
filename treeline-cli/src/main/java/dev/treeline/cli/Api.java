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

/** HTTP calls to the services, turning every failure into a {@link CliException} a person can act on. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Services services;

    Api(Services services) {
        this.services = services;
    }

    JsonNode get(URI base, String service, String path) {
        return json(send(base, service, request(base, path).GET(), "application/json"));
    }

    String getText(URI base, String service, String path, String accept) {
        return send(base, service, request(base, path).GET(), accept).body();
    }

    JsonNode send(URI base, String service, String method, String path, Object body) {
        return json(send(base, service, request(base, path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(write(body))), "application/json"));
    }

    /**
     * A POST without credentials: for an endpoint's invocations, which need none. Management or registry credentials
     * must not go there: a deployer refuses a request whose HTTP Basic user it does not know, even on a route that
     * needs no user, so a registry approver's TREELINE_USER would break every invocation.
     */
    HttpResponse<String> postAnonymous(URI base, String service, String path, Map<String, String> headers,
                                       String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return send(base, service, builder, null);
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

    /** A request with the user's credentials (registry and management APIs). */
    private HttpRequest.Builder request(URI base, String path) {
        String credentials = services.user + ":" + services.password;
        return HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(URI base, String service, HttpRequest.Builder builder, String accept) {
        if (accept != null) {
            builder.header("Accept", accept);
        }
        HttpResponse<String> response;
        try {
            response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new CliException(CliException.UNREACHABLE, service + " is not reachable at " + base
                    + " (is it running? start everything with ./run-local.sh)");
        } catch (IOException e) {
            throw new CliException(CliException.UNREACHABLE, service + " at " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(CliException.UNREACHABLE, "interrupted");
        }
        int status = response.statusCode();
        if (status < 300) {
            return response;
        }
        String detail = problemDetail(response.body());
        String message = service + ": " + (detail.isBlank() ? "HTTP " + status : detail);
        throw switch (status) {
            case 401 -> new CliException(CliException.UNAUTHORIZED, service
                    + ": not authenticated; give --user/--password (or TREELINE_USER/TREELINE_PASSWORD)");
            case 403 -> new CliException(CliException.UNAUTHORIZED, service + ": user '" + services.user
                    + "' lacks the role this needs" + (detail.isBlank() ? "" : " (" + detail + ")"));
            case 404 -> new CliException(CliException.NOT_FOUND, message);
            case 409 -> new CliException(CliException.CONFLICT, message);
            default -> new CliException(status < 500 ? CliException.BAD_REQUEST : CliException.SERVER_ERROR, message);
        };
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
