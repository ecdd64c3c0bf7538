package dev.treeline.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PasswordSecurityTest {

    private final VerifiedCredentials verified = new VerifiedCredentials(100, Duration.ofMinutes(1));

    @Test
    void aRememberedPairIsKnownOnlyAgainstTheHashItWasVerifiedWith() {
        verified.remember("alice", "s3cret-pass".toCharArray(), "$2a$10$hashA");

        assertThat(verified.known("alice", "s3cret-pass".toCharArray(), "$2a$10$hashA")).isTrue();
        assertThat(verified.known("alice", "s3cret-pass".toCharArray(), "$2a$10$hashB")).as("password changed").isFalse();
        assertThat(verified.known("alice", "s3cret-pass".toCharArray(), null)).as("user deleted").isFalse();
    }

    @Test
    void anotherPasswordOrAnotherUserIsNotKnown() {
        verified.remember("alice", "s3cret-pass".toCharArray(), "$2a$10$hashA");

        assertThat(verified.known("alice", "s3cret-pasS".toCharArray(), "$2a$10$hashA")).isFalse();
        assertThat(verified.known("alic", "es3cret-pass".toCharArray(), "$2a$10$hashA"))
                .as("the user/password boundary is part of the key").isFalse();
        assertThat(verified.known("bob", "s3cret-pass".toCharArray(), "$2a$10$hashA")).isFalse();
    }

    @Test
    void onlyModularCryptBcryptHashesAreRecognised() {
        assertThat(PasswordHashing.isBcrypt(PasswordHashing.hash("a long secret"))).isTrue();
        assertThat(PasswordHashing.isBcrypt("8c6976e5b5410415bde908bd4dee15dfb167a9c873fc4bb8a81f6f2ab448a918")).isFalse();
        assertThat(PasswordHashing.isBcrypt("$2a$10$short")).isFalse();
        assertThat(PasswordHashing.isBcrypt(null)).isFalse();
    }

    @Test
    void aBcryptHashMatchesItsPasswordOnly() {
        String hash = PasswordHashing.hash("a long secret");
        assertThat(PasswordHashing.matches("a long secret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHashing.matches("a long secreT".toCharArray(), hash)).isFalse();
        assertThat(PasswordHashing.matches("a long secret".toCharArray(), null)).isFalse();
    }
}
