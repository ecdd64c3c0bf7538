package dev.treeline.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * Where the services answer and who is asking. Defaults are the local run's ports; each can be set by
 * option or environment variable, so the same CLI drives a remote installation.
 */
final class Services {

    static final Map<String, Integer> LOCAL_ACCOUNTS = Map.of("sandbox", 8084, "qa", 8085, "prod", 8086);

    @Option(names = "--data-prep-url", defaultValue = "${env:TREELINE_DATA_PREP_URL:-http://localhost:8081}",
            description = "data-prep-service (env TREELINE_DATA_PREP_URL, default ${DEFAULT-VALUE})")
    URI dataPrep;

    @Option(names = "--tuning-url", defaultValue = "${env:TREELINE_TUNING_URL:-http://localhost:8082}",
            description = "tuning-service (env TREELINE_TUNING_URL, default ${DEFAULT-VALUE})")
    URI tuning;

    @Option(names = "--registry-url", defaultValue = "${env:TREELINE_REGISTRY_URL:-http://localhost:8083}",
            description = "registry-service (env TREELINE_REGISTRY_URL, default ${DEFAULT-VALUE})")
    URI registry;

    @Option(names = "--account-url", mapFallbackValue = "",
            description = "A deployer account's URL, e.g. --account-url prod=https://prod.example:8443 (env"
                    + " TREELINE_ACCOUNT_<NAME>_URL); local defaults: sandbox 8084, qa 8085, prod 8086")
    Map<String, URI> accounts = new TreeMap<>();

    @Option(names = {"-u", "--user"}, defaultValue = "${env:TREELINE_USER}",
            description = "Registry user: whom `login` logs in (default admin), and whom the CLI logs in again when"
                    + " the cached token expired, if a password is given too (env TREELINE_USER)")
    String user;

    @Option(names = "--password", defaultValue = "${env:TREELINE_PASSWORD}", arity = "1",
            description = "The user's password (env TREELINE_PASSWORD); `login` asks for it when not given")
    String password;

    @Option(names = "--token-file", defaultValue = "${env:TREELINE_TOKEN_FILE}",
            description = "Where `login` caches the token (0600; env TREELINE_TOKEN_FILE, default"
                    + " $XDG_CONFIG_HOME/treeline/token.json or ~/.config/treeline/token.json)")
    Path tokenFile;

    @Option(names = "--ca-cert", defaultValue = "${env:TREELINE_CA_CERT}",
            description = "A PEM file of the CA certificate(s) to trust for https:// service URLs instead of the"
                    + " JVM's default trust store (env TREELINE_CA_CERT)")
    Path caCert;

    TokenCache tokenCache() {
        return new TokenCache(tokenFile != null ? tokenFile : TokenCache.defaultFile());
    }

    /** Both a user and a password were given: the CLI may log in again by itself. */
    boolean haveCredentials() {
        return user != null && !user.isBlank() && password != null && !password.isEmpty();
    }

    URI account(String name) {
        URI explicit = accounts.get(name);
        if (explicit != null) {
            return explicit;
        }
        String env = System.getenv("TREELINE_ACCOUNT_" + name.toUpperCase().replace('-', '_') + "_URL");
        if (env != null && !env.isBlank()) {
            return URI.create(env);
        }
        return Optional.ofNullable(LOCAL_ACCOUNTS.get(name)).map(port -> URI.create("http://localhost:" + port))
                .orElseThrow(() -> new CliException(CliException.BAD_REQUEST, "unknown account '" + name
                        + "': use sandbox, qa, prod or give its URL with --account-url " + name + "=<url>"));
    }

    /** The endpoint name of an account's deployer, as the local run and compose configure it. */
    static String endpointName(String account) {
        return "treeline-" + account;
    }
}
