package dev.treeline.dataprep.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.dataprep.DataPrepConfig;
import dev.treeline.dataprep.extract.FailureKind;
import io.quarkus.runtime.StartupEvent;

/**
 * No run stays active after a crash: at start-up a run left REQUESTED (never began) is started again, and a
 * run left EXTRACTING (its half-written files are unknown) is failed with RunFailed, so the model can run again.
 * Assumes one data-prep process per database, which is how the service is deployed.
 */
@ApplicationScoped
public class RunRecovery {

    private static final Logger LOG = Logger.getLogger(RunRecovery.class);

    private final RunService runs;
    private final RunExecutor executor;
    private final RunMetrics metrics;
    private final DataPrepConfig config;

    public RunRecovery(RunService runs, RunExecutor executor, RunMetrics metrics, DataPrepConfig config) {
        this.runs = runs;
        this.executor = executor;
        this.metrics = metrics;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.recoverRunsAtStart()) {
            recover();
        }
    }

    /** Returns how many runs it restarted or failed. */
    public int recover() {
        int recovered = 0;
        for (RetrainRun run : runs.leftActive()) {
            if (run.status == RunStatus.REQUESTED) {
                LOG.infof("run %s (%s) was requested before the last stop: starting it now", run.id, run.model);
                executor.submit(run.id);
                recovered++;
            } else {
                String reason = "the data-prep service stopped while this run was extracting (since "
                        + run.extractingAt + "); files it may have written are not used; request a new run";
                if (runs.markFailed(run.id, FailureKind.INTERRUPTED, reason, null, null).isPresent()) {
                    metrics.failed(run.model, run.reason, FailureKind.INTERRUPTED, null);
                    LOG.warnf("run %s (%s): %s", run.id, run.model, reason);
                    recovered++;
                }
            }
        }
        return recovered;
    }
}
