package dev.treeline.deployer.invocation;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.treeline.deployer.DeployerConfig;
import dev.treeline.deployer.accesskeys.AccessKeyTable;
import dev.treeline.deployer.accesskeys.KeyTableSnapshot;
import dev.treeline.support.security.Roles;
import dev.treeline.support.security.sigv4.AwsErrorResponse;
import dev.treeline.support.security.sigv4.SigV4Exception;
import dev.treeline.support.security.sigv4.SigV4Mode;
import dev.treeline.support.security.sigv4.SigV4Principal;
import dev.treeline.support.security.sigv4.SigV4Request;
import dev.treeline.support.security.sigv4.SigV4Settings;
import dev.treeline.support.security.sigv4.SigV4Verifier;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who may call InvokeEndpoint: in mode {@code sigv4} (default) a request must carry a valid AWS Signature Version 4
 * made with an access key of the registry's table (service-support's SigV4Verifier, signing keys cached), and the
 * key's owner must hold {@code invoker} or a role implying it; in mode {@code none} anyone who reaches the port.
 * Refusals are the errors SageMaker Runtime sends (HTTP 403, {@code x-amzn-ErrorType}, {@code __type}), so the
 * AWS SDKs raise their own exception types.
 */
@ApplicationScoped
public class InvocationAuth {

    private static final Logger LOG = Logger.getLogger(InvocationAuth.class);
    public static final String ACCESS_DENIED = "AccessDeniedException";

    private final SigV4Verifier verifier;
    private final AccessKeyTable table;
    private final boolean off;
    private final String endpointName;

    public InvocationAuth(DeployerConfig config, AccessKeyTable table, Clock clock) {
        SigV4Settings settings = SigV4Settings.sagemaker(config.sigv4().regions().toArray(String[]::new))
                .withExpectedHost(config.sigv4().expectedHost().orElse(null))
                .withMode(SigV4Mode.parse(config.invocationAuth()));
        this.verifier = new SigV4Verifier(settings, table, clock);
        this.table = table;
        this.off = settings.mode() == SigV4Mode.NONE;
        this.endpointName = config.endpointName();
    }

    void announce(@Observes StartupEvent event) {
        if (off) {
            LOG.warn(verifier.settings().startupLogLine());
        } else {
            LOG.info(verifier.settings().startupLogLine());
        }
    }

    public SigV4Settings settings() {
        return verifier.settings();
    }

    /** How many signing keys were derived rather than taken from the cache. */
    public long signingKeyDerivations() {
        return verifier.signingKeyDerivations();
    }

    /** Null when the request may invoke, else the refusal to send. */
    public AwsErrorResponse refusal(HttpServerRequest request, byte[] body) {
        if (off) {
            return null;
        }
        // The verifier reads the few headers it needs from Vert.x' own (case-insensitive) map: nothing is copied.
        MultiMap headers = request.headers();
        SigV4Request.Builder signed = SigV4Request.builder(request.method().name(), request.path())
                .rawQuery(request.query()).body(body).headerSource(headers::getAll);
        if (!headers.contains("host") && request.authority() != null) { // HTTP/2: :authority instead of Host
            signed.header("host", request.authority().toString());
        }
        SigV4Principal caller;
        try {
            caller = verifier.verify(signed.build());
        } catch (SigV4Exception e) {
            LOG.debugf("invocation refused: %s", e);
            return e.toErrorResponse();
        }
        String keyId = caller.accessKeyId().orElseThrow();
        KeyTableSnapshot.Key key = table.entry(keyId);
        if (key == null || !key.invoker()) {
            String owner = caller.owner().orElse("?");
            LOG.debugf("invocation refused: the owner %s of access key %s lacks the role %s", owner, keyId,
                    Roles.INVOKER);
            return new AwsErrorResponse(403, ACCESS_DENIED, "User: " + owner + " is not authorized to perform:"
                    + " sagemaker:InvokeEndpoint on resource: endpoint/" + endpointName + " (access key " + keyId
                    + "; the role " + Roles.INVOKER + " or one implying it is required)");
        }
        return null;
    }
}
