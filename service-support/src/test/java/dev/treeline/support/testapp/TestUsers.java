package dev.treeline.support.testapp;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** One user for HTTP Basic ("login" / "login-secret", role admin), as the registry's user directory stands. */
@ApplicationScoped
public class TestUsers implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String USER = "login";
    public static final String PASSWORD = "login-secret";

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        if (USER.equals(request.getUsername()) && PASSWORD.equals(new String(request.getPassword().getPassword()))) {
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(USER)).addRoles(dev.treeline.support.security.Roles.effective(
                            java.util.List.of("admin"))).build());
        }
        return Uni.createFrom().failure(new AuthenticationFailedException());
    }
}
