package dev.treeline.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.treeline.support.errors.ConflictException;
import dev.treeline.support.errors.DependencyFailureException;
import dev.treeline.support.errors.DomainException;
import dev.treeline.support.errors.InvalidRequestException;
import dev.treeline.support.errors.NotPermittedException;
import dev.treeline.support.errors.ResourceNotFoundException;
import dev.treeline.support.errors.UnprocessableException;

class ProblemDetailsMapperTest {

    private final ProblemDetailsMapper mapper = new ProblemDetailsMapper();

    static Stream<Arguments> domainFailures() {
        return Stream.of(
                Arguments.of(new ResourceNotFoundException("no model 'x'"), 404, "Not Found"),
                Arguments.of(new ConflictException("version 3 is Rejected"), 409, "Conflict"),
                Arguments.of(new InvalidRequestException("format must be json or csv"), 400, "Invalid request"),
                Arguments.of(new UnprocessableException("SHA-256 mismatch"), 422, "Unprocessable request"),
                Arguments.of(new NotPermittedException("testing versions never reach prod"), 403, "Forbidden"),
                Arguments.of(new DependencyFailureException("s3 unreachable"), 502, "Bad Gateway"));
    }

    @ParameterizedTest
    @MethodSource("domainFailures")
    void eachKindOfDomainFailureHasItsStatusAndKeepsItsMessage(DomainException e, int status, String title) {
        Response response = mapper.domain(e);

        Problem problem = (Problem) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.title()).isEqualTo(title);
        assertThat(problem.detail()).isEqualTo(e.getMessage());
    }

    @Test
    void violationsOfAnInvalidRequestAreListedByField() {
        Response response = mapper.domain(new InvalidRequestException("2 problems", List.of(
                new DomainException.Violation("tuning.maxJobs", "must be at least 1"),
                new DomainException.Violation("data.query", "must not be blank"))));

        assertThat(((Problem) response.getEntity()).violations()).containsExactly(
                new Problem.Violation("tuning.maxJobs", "must be at least 1"),
                new Problem.Violation("data.query", "must not be blank"));
    }

    @Test
    void anIllegalArgumentExceptionIsABugAnsweredAs500WithAnErrorIdAndWithoutItsMessage() {
        Response response = mapper.unexpected(new IllegalArgumentException("index 7 out of bounds for length 3"));

        Problem problem = (Problem) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problem.detail()).matches("unexpected error; quote id [0-9a-f-]{36} when reporting it");
        assertThat(problem.detail()).doesNotContain("index 7");
    }
}
