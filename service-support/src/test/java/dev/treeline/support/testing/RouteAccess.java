package dev.treeline.support.testing;

import java.util.Objects;

/**
 * Who may call a route, as a {@link RouteMatrixContract} declares it. Made with the contract's factories
 * ({@code role(R)}, {@code authenticated()}, {@code basicLogin()}, {@code sigV4(R, check)}, {@code denied()}).
 */
public record RouteAccess(Kind kind, String role, SigV4Check sigV4Check) {

    public enum Kind {
        /** Bearer JWT with the role (or a role implying it). */
        ROLE,
        /** Any valid Bearer JWT. */
        AUTHENTICATED,
        /** HTTP Basic only: the registry's token endpoint. */
        BASIC_LOGIN,
        /** AWS Signature Version 4 (InvokeEndpoint), checked by the declaring test's own expectations. */
        SIGV4,
        /** Nobody: a route that exists but every caller is refused (401 without, 403 with a token). */
        DENIED
    }

    /** The declaring test's expectations of a SigV4 route, e.g. no credentials: 403 MissingAuthenticationToken. */
    @FunctionalInterface
    public interface SigV4Check {
        void verify(RouteCall call) throws Exception;
    }

    public RouteAccess {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.ROLE) && (role == null || role.isBlank())) {
            throw new IllegalArgumentException("a role route needs its role");
        }
        if (kind == Kind.SIGV4 && sigV4Check == null) {
            throw new IllegalArgumentException("a SigV4 route needs its own expectations");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ROLE -> "role " + role;
            case AUTHENTICATED -> "any valid token";
            case BASIC_LOGIN -> "HTTP Basic login";
            case SIGV4 -> "SigV4" + (role == null ? "" : " (" + role + ")");
            case DENIED -> "nobody";
        };
    }
}
