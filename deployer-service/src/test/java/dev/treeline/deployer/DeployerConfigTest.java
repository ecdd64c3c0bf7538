package dev.treeline.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidatorImpl;

/** An account's deployer refuses to start on a bad setting, and says which key is wrong. */
class DeployerConfigTest {

    private static Map<String, String> prod() {
        Map<String, String> props = new HashMap<>();
        props.put("treeline.deployer.account", "prod");
        props.put("treeline.deployer.endpoint-name", "treeline-prod");
        props.put("treeline.deployer.policy", "approved");
        props.put("treeline.deployer.promotion-delay", "PT1H");
        props.put("treeline.deployer.memory-budget-mb", "2048");
        props.put("treeline.deployer.source-bucket", "treeline-training");
        props.put("treeline.deployer.consumer-group", "deployer-prod");
        return props;
    }

    private static DeployerConfig load(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(DeployerConfig.class)
                .withSources(new PropertiesConfigSource(props, "test", 500))
                .withValidator(new BeanValidationConfigValidatorImpl())
                .build();
        return config.getConfigMapping(DeployerConfig.class);
    }

    @Test
    void validAccountSettingsAreRead() {
        DeployerConfig config = load(prod());
        assertThat(config.account()).isEqualTo("prod");
        assertThat(config.policy()).isEqualTo(DeployerConfig.Policy.approved);
        assertThat(config.promotionDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(config.memoryBudgetMb()).isEqualTo(2048);
    }

    @Test
    void accountNameThatCouldEscapeItsPrefixFailsNamingTheKey() {
        Map<String, String> props = prod();
        props.put("treeline.deployer.account", "../Prod");
        assertThatThrownBy(() -> load(props)).hasMessageContaining("treeline.deployer.account");
    }

    @Test
    void unknownPolicyFailsNamingTheKey() {
        Map<String, String> props = prod();
        props.put("treeline.deployer.policy", "sometimes");
        assertThatThrownBy(() -> load(props)).hasMessageContaining("treeline.deployer.policy")
                .hasMessageContaining("sometimes");
    }

    @Test
    void zeroMemoryBudgetFailsNamingTheKey() {
        Map<String, String> props = prod();
        props.put("treeline.deployer.memory-budget-mb", "0");
        assertThatThrownBy(() -> load(props)).hasMessageContaining("treeline.deployer.memory-budget-mb");
    }
}
