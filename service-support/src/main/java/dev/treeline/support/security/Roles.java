package dev.treeline.support.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The platform's roles, one set for every service. A user is stored with some roles; the token the registry issues
 * carries their effective roles (stored plus implied), so a service checks one name and never the hierarchy.
 *
 * <ul>
 * <li>{@code viewer}: read everything (runs, tuning jobs, versions, the deployers' model lists)</li>
 * <li>{@code invoker}: call InvokeEndpoint (machines; SigV4 with the user's access keys); implies nothing</li>
 * <li>{@code operator}: kickoffs, model definitions, drift alerts over HTTP; implies viewer and invoker</li>
 * <li>{@code approver}: approve and reject versions; implies viewer and invoker</li>
 * <li>{@code admin}: users, access keys, deployer management changes; implies every other role</li>
 * </ul>
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String INVOKER = "invoker";
    public static final String OPERATOR = "operator";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";

    /** Bean Validation pattern for one role name. */
    public static final String PATTERN = "viewer|invoker|operator|approver|admin";
    public static final String PATTERN_MESSAGE = "must be one of viewer, invoker, operator, approver, admin";

    /** Every role, the least privileged first. */
    public static final List<String> ALL = List.of(VIEWER, INVOKER, OPERATOR, APPROVER, ADMIN);

    private enum Role {
        VIEWER, INVOKER, OPERATOR, APPROVER, ADMIN;

        Set<Role> implied() {
            return switch (this) {
                case VIEWER, INVOKER -> EnumSet.noneOf(Role.class);
                case OPERATOR, APPROVER -> EnumSet.of(VIEWER, INVOKER);
                case ADMIN -> EnumSet.of(VIEWER, INVOKER, OPERATOR, APPROVER);
            };
        }

        String roleName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Role> named(String name) {
            for (Role r : values()) {
                if (r.roleName().equals(name)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    private Roles() {
    }

    public static boolean isRole(String name) {
        return Role.named(name).isPresent();
    }

    /** The stored roles plus what they imply, in {@link #ALL} order; names that are not roles are dropped. */
    public static Set<String> effective(Collection<String> stored) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : stored) {
            Role.named(name).ifPresent(r -> {
                roles.add(r);
                roles.addAll(r.implied());
            });
        }
        return roles.stream().map(Role::roleName).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Whether a user with these stored (or effective) roles has {@code role}. */
    public static boolean grants(Collection<String> roles, String role) {
        return effective(roles).contains(role);
    }

    /** The roles that do not grant {@code role}: a user holding all of them must still be refused. */
    public static Set<String> notGranting(String role) {
        return ALL.stream().filter(r -> !effective(List.of(r)).contains(role))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
