package dev.treeline.support.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.security.Roles;
import dev.treeline.support.testing.TestTokens;
import dev.treeline.support.tls.TrustedCa;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(SecureProfile.class)
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "support_test") })
class HttpsAndSecretFilesTest {

    @TestHTTPResource(value = "/whoami", tls = true)
    URL whoami;

    @Test
    void theServiceAnswersOverHttpsWithTheConfiguredCertificateToAClientTrustingItsCa() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustedCa.sslContext(SecureProfile.trustFile))
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(whoami.toString()))
                .header("Authorization", TestTokens.bearer("tls-user", Roles.VIEWER)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(whoami.getProtocol()).isEqualTo("https");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("tls-user");
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefusedTheHandshake() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(URI.create(whoami.toString())).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void settingsComeFromFilesInTheSecretsDirectory() {
        var config = ConfigProvider.getConfig();

        assertThat(config.getValue("treeline.test.file-secret", String.class)).isEqualTo(SecureProfile.FILE_SECRET);
        // application.properties says otherwise; the file (named like the environment variable) wins
        assertThat(config.getValue("treeline.test.overridden", String.class)).isEqualTo("the file wins");
    }
}
