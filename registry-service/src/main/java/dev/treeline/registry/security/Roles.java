package dev.treeline.registry.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The registry's roles. Approvers and admins may also read, so they imply viewer. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String APPROVER = "approver";
    public static final String ADMIN = "admin";
    public static final List<String> ALL = List.of(VIEWER, APPROVER, ADMIN);
    /** Bean Validation pattern for one role name. */
    public static final String PATTERN = "viewer|approver|admin";

    private Roles() {
    }

    /** The stored roles plus what they imply. */
    public static Set<String> effective(Set<String> stored) {
        Set<String> roles = new LinkedHashSet<>(stored);
        if (roles.contains(APPROVER) || roles.contains(ADMIN)) {
            roles.add(VIEWER);
        }
        return roles;
    }
}
