package dev.treeline.support.web;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.treeline.support.errors.ConflictException;
import dev.treeline.support.errors.DependencyFailureException;
import dev.treeline.support.errors.DomainException;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.support.errors.NotPermittedException;
import dev.treeline.support.errors.ResourceNotFoundException;
import dev.treeline.support.errors.UnprocessableException;

/**
 * The one place errors become HTTP responses: problem details with a message that says what is wrong,
 * never a stack trace. Unexpected errors are logged with an id the client can quote.
 */
public class ProblemDetailsMapper {

    private static final Logger LOG = Logger.getLogger(ProblemDetailsMapper.class);

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> new Problem.Violation(field(v), v.getMessage())).toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        return respond(new Problem("about:blank", "Invalid request", 400, detail, violations));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return respond(Problem.of(400, "Malformed JSON", e.getOriginalMessage()));
    }

    /**
     * Domain failures carry their own kind; the status is decided here, at the edge. An
     * {@code IllegalArgumentException} is not among them: thrown by a bug, it is a 500 with an error id.
     */
    @ServerExceptionMapper
    public Response domain(DomainException e) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.field(), v.message())).toList();
        return respond(new Problem("about:blank", e.title(), statusOf(e), e.getMessage(), violations));
    }

    /** The HTTP status of each kind of domain failure. */
    public static int statusOf(DomainException e) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this list complete.
        if (e instanceof ResourceNotFoundException) {
            return 404;
        } else if (e instanceof ConflictException) {
            return 409;
        } else if (e instanceof InvalidRequestException) {
            return 400;
        } else if (e instanceof UnprocessableException) {
            return 422;
        } else if (e instanceof NotPermittedException) {
            return 403;
        } else if (e instanceof DependencyFailureException) {
            return 502;
        }
        throw new IllegalStateException("no status for " + e.getClass().getName());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return unexpected(e);
        }
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", id);
        return respond(Problem.of(500, "Internal Server Error", "unexpected error; quote id " + id
                + " when reporting it"));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** "create.arg0.model" says nothing to a client; the last path node names the field. */
    private static String field(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }
}
