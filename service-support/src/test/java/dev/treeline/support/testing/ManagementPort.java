package dev.treeline.support.testing;

import java.net.URI;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Where the running test application's management interface listens (health, metrics), if it is enabled. */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** {@code http://localhost:<port>} (no root path), or empty when {@code quarkus.management.enabled} is false. */
    public static Optional<String> baseUrl() {
        Config config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("quarkus.management.enabled", Boolean.class).orElse(false)) {
            return Optional.empty();
        }
        // set by Quarkus' test support to the port the management interface really listens on
        URI url = URI.create(config.getValue("test.management.url", String.class));
        return Optional.of(url.getScheme() + "://" + url.getHost() + ":" + url.getPort());
    }
}
