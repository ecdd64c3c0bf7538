package dev.treeline.registry.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class VerifiedCredentialsTest {

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
}
