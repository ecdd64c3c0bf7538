package dev.treeline.dataprep.definition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where model definitions come from besides the API ({@code treeline.definitions.*}). */
@ConfigMapping(prefix = "treeline.definitions")
public interface DefinitionsConfig {

    /**
     * A folder of definition files ({@code <name>.yaml} or {@code .yml}, one model each), applied at start-up and
     * whenever a file changes; a model defined there is owned by the folder. Absent: the API only.
     */
    Optional<Path> dir();

    /** How often the folder is read again. */
    @WithDefault("PT2S")
    Duration scanInterval();

    /** How often every replica looks for changed definitions to follow with its schedules. */
    @WithDefault("PT1S")
    Duration refreshInterval();
}
