package dev.treeline.registry.keys;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.treeline.support.security.AccessKeySecrets;

/** The key-encryption key shared with the deployers ({@code treeline.access-keys.encryption-key}, a secret). */
public class AccessKeyEncryption {

    @Produces
    @Singleton
    AccessKeySecrets secrets(@ConfigProperty(name = "treeline.access-keys.encryption-key") String base64) {
        return AccessKeySecrets.fromBase64(base64);
    }
}
