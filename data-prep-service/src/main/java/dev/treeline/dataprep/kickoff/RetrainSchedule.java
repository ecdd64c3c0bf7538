package dev.treeline.dataprep.kickoff;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.definition.DefinitionFolder;
import dev.treeline.dataprep.definition.DefinitionStore;
import dev.treeline.dataprep.definition.StoredDefinition;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * The scheduled producer, following the definitions table: one Quarkus Scheduler job per active model with a
 * schedule, each publishing RetrainRequested (reason SCHEDULE) through the outbox. Every replica looks at the table
 * every refresh interval (one cheap query) and registers, changes or removes its jobs at once when a revision was
 * made anywhere; a retired model has none. Replicas firing the same minute publish the same event id
 * ({@link ScheduledRetrainPublisher}), so they make one run.
 */
@ApplicationScoped
public class RetrainSchedule {

    private static final Logger LOG = Logger.getLogger(RetrainSchedule.class);
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
            CronType.QUARTZ));

    private final Scheduler scheduler;
    private final DefinitionStore definitions;
    private final DataPrepConfig config;
    private final ScheduledRetrainPublisher publisher;
    /** Cron per model this replica has a job for. */
    private final Map<String, String> registered = new HashMap<>();
    private String seenVersion;

    public RetrainSchedule(Scheduler scheduler, DefinitionStore definitions, DataPrepConfig config,
            ScheduledRetrainPublisher publisher) {
        this.scheduler = scheduler;
        this.definitions = definitions;
        this.config = config;
        this.publisher = publisher;
    }

    void onStart(@Observes @Priority(DefinitionFolder.STARTUP_PRIORITY + 10) StartupEvent event) {
        if (!config.schedulerEnabled()) {
            LOG.info("scheduled retraining is off (treeline.data-prep.scheduler-enabled=false)");
            return;
        }
        refresh();
    }

    @Scheduled(identity = "definitions-refresh", every = "${treeline.definitions.refresh-interval:PT1S}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        if (config.schedulerEnabled()) {
            refresh();
        }
    }

    /** Brings this replica's jobs in line with the table when any revision was made since the last look. */
    public synchronized void refresh() {
        String version = definitions.version();
        if (version.equals(seenVersion)) {
            return;
        }
        Map<String, String> wanted = new HashMap<>();
        for (StoredDefinition stored : definitions.all()) {
            if (!stored.retired() && stored.definition().schedule() != null) {
                wanted.put(stored.name(), stored.definition().schedule());
            }
        }
        registered.entrySet().removeIf(job -> {
            if (job.getValue().equals(wanted.get(job.getKey()))) {
                return false;
            }
            scheduler.unscheduleJob(jobId(job.getKey()));
            LOG.infof("model %s: schedule '%s' removed", job.getKey(), job.getValue());
            return true;
        });
        wanted.forEach((model, cron) -> {
            if (registered.containsKey(model)) {
                return;
            }
            try {
                scheduler.newJob(jobId(model)).setCron(cron).setDescription("retrain " + model)
                        .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                        .setTask(execution -> publisher.publish(model, execution.getScheduledFireTime())).schedule();
                registered.put(model, cron);
                LOG.infof("model %s retrains on schedule '%s'", model, cron);
            } catch (RuntimeException e) {
                LOG.errorf(e, "model %s: schedule '%s' could not be registered", model, cron);
            }
        });
        seenVersion = version;
    }

    /** When the model's schedule fires next after {@code after}; empty without a schedule. */
    public static Optional<Instant> nextRun(String cron, Instant after) {
        if (cron == null) {
            return Optional.empty();
        }
        try {
            return ExecutionTime.forCron(QUARTZ.parse(cron))
                    .nextExecution(ZonedDateTime.ofInstant(after, ZoneId.systemDefault())).map(ZonedDateTime::toInstant);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** No job may fire into a service that is closing its database. */
    void onStop(@Observes ShutdownEvent event) {
        if (scheduler.isRunning()) {
            scheduler.pause();
        }
    }

    static String jobId(String model) {
        return "retrain-" + model;
    }
}
