package dev.treeline.tuning.job;

import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Spliterators;
import java.util.stream.StreamSupport;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * The old per-model keys, {@code treeline.tuning.models."<model>".*} (also with a profile, {@code %prod.treeline...},
 * or as an environment variable {@code TREELINE_TUNING_MODELS_...}), are no longer read: per-model settings come
 * with each job's DatasetReady, from the model definition's tuning section.
 *
 * <p>As a config interceptor (registered in {@code META-INF/services}) it hides them from the configuration, so the
 * {@code treeline.tuning} mapping does not reject them with SmallRye's bare "does not map to any root" before the
 * service can say what to do; {@link TuningConfigValidator} then refuses the start naming the first one
 * ({@link #first}, read from the raw config sources) and the convert command.
 */
public class LegacyModelKeys implements ConfigSourceInterceptor {

    static final String PREFIX = "treeline.tuning.models.";
    private static final String ENV_PREFIX = "TREELINE_TUNING_MODELS_";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        return isLegacy(name) ? null : context.proceed(name);
    }

    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(context.iterateNames(), 0), false)
                .filter(n -> !isLegacy(n)).iterator();
    }

    /** The first old key any config source has (in name order, so the message is stable). */
    static Optional<String> first(Config config) {
        return StreamSupport.stream(config.getConfigSources().spliterator(), false)
                .map(ConfigSource::getPropertyNames).flatMap(names -> names.stream())
                .filter(LegacyModelKeys::isLegacy).sorted().findFirst();
    }

    /** The first old key among {@code names}. */
    static Optional<String> first(Iterable<String> names) {
        return StreamSupport.stream(names.spliterator(), false).filter(LegacyModelKeys::isLegacy).sorted()
                .findFirst();
    }

    static boolean isLegacy(String name) {
        String unprofiled = name.startsWith("%") && name.indexOf('.') > 0 ? name.substring(name.indexOf('.') + 1)
                : name;
        return unprofiled.startsWith(PREFIX) || name.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX);
    }
}
