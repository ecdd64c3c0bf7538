package dev.treeline.dataprep.kickoff;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.spec.ModelSpecs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;

/**
 * The scheduled producer: one Quarkus Scheduler job per spec with a cron, each publishing RetrainRequested
 * (reason SCHEDULE) through the outbox. The run itself starts when the request is consumed, like any other.
 */
@ApplicationScoped
public class RetrainSchedule {

    private static final Logger LOG = Logger.getLogger(RetrainSchedule.class);

    private final Scheduler scheduler;
    private final ModelSpecs specs;
    private final DataPrepConfig config;
    private final ScheduledRetrainPublisher publisher;

    public RetrainSchedule(Scheduler scheduler, ModelSpecs specs, DataPrepConfig config,
            ScheduledRetrainPublisher publisher) {
        this.scheduler = scheduler;
        this.specs = specs;
        this.config = config;
        this.publisher = publisher;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.schedulerEnabled()) {
            LOG.info("scheduled retraining is off (treeline.data-prep.scheduler-enabled=false)");
            return;
        }
        specs.models().forEach((model, spec) -> spec.schedule().ifPresent(cron -> {
            scheduler.newJob(jobId(model)).setCron(cron).setDescription("retrain " + model)
                    .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                    .setTask(execution -> publisher.publish(model)).schedule();
            LOG.infof("model %s retrains on schedule '%s'", model, cron);
        }));
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
