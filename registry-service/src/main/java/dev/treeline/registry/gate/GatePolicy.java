package dev.treeline.registry.gate;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.treeline.events.ApprovalStatus;
import dev.treeline.registry.RegistryConfig;
import dev.treeline.registry.approval.StatusChanges;
import dev.treeline.registry.model.ModelPackage;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Optional per-group gate (off unless configured): a new version whose primary test metric is worse
 * than the currently approved version's by more than the configured percentage is rejected at once,
 * in the registration's transaction, with the comparison as the reason.
 */
@ApplicationScoped
public class GatePolicy {

    /** Who the audit trail and ModelRejected name for the gate's decisions. */
    public static final String GATE_USER = "registry-gate";
    private static final Logger LOG = Logger.getLogger(GatePolicy.class);

    private final RegistryConfig config;
    private final StatusChanges statusChanges;
    private final MeterRegistry meters;

    public GatePolicy(RegistryConfig config, StatusChanges statusChanges, MeterRegistry meters) {
        this.config = config;
        this.statusChanges = statusChanges;
        this.meters = meters;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void check(ModelPackage candidate) {
        RegistryConfig.Gate gate = config.gates().get(candidate.groupName);
        if (gate == null) {
            return;
        }
        Optional<ModelPackage> approved = ModelPackage.<ModelPackage>find(
                "groupName = ?1 and approvalStatus = ?2 and version < ?3 order by version desc",
                candidate.groupName, ApprovalStatus.Approved, candidate.version).firstResultOptional();
        if (approved.isEmpty()) {
            return; // nothing to compare with: a person decides
        }
        String metric = gate.metric();
        Double value = candidate.testMetrics.get(metric);
        Double baseline = approved.get().testMetrics.get(metric);
        if (value == null || baseline == null) {
            LOG.warnf("gate of %s compares test metric '%s', which version %d or approved version %d lacks;"
                    + " leaving version %d to a person", candidate.groupName, metric, candidate.version,
                    approved.get().version, candidate.version);
            return;
        }
        boolean higherIsBetter = gate.higherIsBetter().orElseGet(() -> MetricComparison.higherIsBetter(metric));
        MetricComparison.rejection(metric, value, approved.get().version, baseline, higherIsBetter,
                gate.maxDegradationPercent()).ifPresent(reason -> {
                    statusChanges.apply(candidate, ApprovalStatus.Rejected, reason, false, GATE_USER);
                    meters.counter("treeline.registry.gate.rejections").increment();
                });
    }
}
