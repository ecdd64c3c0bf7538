package dev.treeline.dataprep.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.definition.validate.DefinitionValidator;
import dev.treeline.events.definition.InvalidDefinitionException;
import dev.treeline.events.definition.ModelDefinitions;
import dev.treeline.support.errors.DomainException.Violation;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The definitions folder ({@code treeline.definitions.dir}): read at start-up and every scan interval. Each
 * {@code <name>.yaml} (or {@code .yml}) file is parsed and validated; a valid file whose content differs from the
 * stored revision makes a folder revision; an invalid file is logged with all its problems and changes nothing
 * (the others are applied all the same); a file removed retires its model. Replicas reading the same folder make
 * one revision per change ({@link DefinitionService} locks the model's row and compares content hashes).
 */
@ApplicationScoped
public class DefinitionFolder {

    /** Start-up order: after the start-up checks, before the schedules are registered. */
    public static final int STARTUP_PRIORITY = 100;
    private static final Logger LOG = Logger.getLogger(DefinitionFolder.class);

    private final DefinitionsConfig config;
    private final DefinitionValidator validator;
    private final DefinitionService service;
    private final DefinitionStore store;
    /** Per file, the text last reported as invalid: a broken file is logged once per content, not every scan. */
    private final Map<String, String> reported = new HashMap<>();
    /** Logged once until the folder can be read again. */
    private boolean folderUnreadable;

    public DefinitionFolder(DefinitionsConfig config, DefinitionValidator validator, DefinitionService service,
            DefinitionStore store) {
        this.config = config;
        this.validator = validator;
        this.service = service;
        this.store = store;
    }

    void onStart(@Observes @Priority(STARTUP_PRIORITY) StartupEvent event) {
        config.dir().ifPresent(dir -> LOG.infof("model definitions are read from the folder %s every %s",
                dir.toAbsolutePath(), config.scanInterval()));
        scan();
    }

    @Scheduled(identity = "definitions-folder", every = "${treeline.definitions.scan-interval:PT2S}",
            delayed = "${treeline.definitions.scan-interval:PT2S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledScan() {
        scan();
    }

    /** Reads the folder once and applies what changed; returns the files it found, by model name. */
    public synchronized Map<String, Path> scan() {
        Optional<Path> configured = config.dir();
        if (configured.isEmpty()) {
            return Map.of();
        }
        Path dir = configured.get();
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.filter(DefinitionFolder::definitionFile).sorted().forEach(file -> files.put(baseName(file), file));
        } catch (IOException e) {
            // an unreadable folder is not an empty one: retire nothing
            if (!folderUnreadable) {
                LOG.warnf("the definitions folder %s cannot be read (%s); nothing changes until it can",
                        dir.toAbsolutePath(), e);
                folderUnreadable = true;
            }
            return Map.of();
        }
        folderUnreadable = false;
        Map<String, StoredDefinition> stored = store.all().stream()
                .collect(Collectors.toMap(StoredDefinition::name, s -> s));
        files.forEach((name, file) -> applyFile(dir, name, file, stored.get(name)));
        retireRemoved(dir, stored, files.keySet());
        reported.keySet().retainAll(files.values().stream().map(dir::relativize).map(Path::toString)
                .collect(Collectors.toSet()));
        return files;
    }

    private void applyFile(Path dir, String name, Path file, StoredDefinition stored) {
        String origin = dir.relativize(file).toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warnf("definition file %s cannot be read (%s); its model is unchanged", file, e);
            return;
        }
        List<Violation> problems;
        try {
            DefinitionValidator.Checked checked = validator.check(ModelDefinitions.readTree(text));
            problems = checked.problems();
            if (checked.valid() && !checked.definition().name().equals(name)) {
                problems = List.of(new Violation("name", "must equal the file name: " + origin + " defines '"
                        + checked.definition().name() + "'; rename the file to " + checked.definition().name()
                        + ".yaml or the model to " + name));
            }
            if (problems.isEmpty()) {
                reported.remove(origin);
                String hash = ModelDefinitions.contentHash(checked.definition());
                if (stored != null && !stored.retired() && hash.equals(stored.contentHash())
                        && StoredDefinition.SOURCE_FOLDER.equals(stored.source()) && origin.equals(stored.origin())) {
                    return; // nothing to do: no lock taken
                }
                service.apply(checked.definition(), DefinitionSource.folder(origin), false);
                return;
            }
        } catch (InvalidDefinitionException e) {
            problems = List.of(new Violation("", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "definition file %s could not be applied; its model is unchanged", file);
            return;
        }
        if (!Objects.equals(reported.put(origin, text), text)) {
            LOG.errorf("definition file %s is invalid and was not applied (model %s keeps revision %s):%n  %s", file,
                    name, stored == null ? "none" : stored.revision(), problems.stream()
                            .map(p -> (p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ") + p.message())
                            .collect(Collectors.joining("\n  ")));
        }
    }

    /** A model the folder defined whose file is gone is retired (a folder revision). */
    private void retireRemoved(Path dir, Map<String, StoredDefinition> stored, Set<String> present) {
        for (StoredDefinition definition : stored.values()) {
            if (DefinitionService.folderOwned(definition) && !present.contains(definition.name())) {
                try {
                    service.retire(definition.name(), DefinitionSource.folder(definition.origin()));
                    LOG.infof("definition file %s was removed from %s: model %s retired", definition.origin(), dir,
                            definition.name());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "model %s: its file is gone but it could not be retired", definition.name());
                }
            }
        }
    }

    private static boolean definitionFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
