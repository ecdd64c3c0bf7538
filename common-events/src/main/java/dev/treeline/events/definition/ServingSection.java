package dev.treeline.events.definition;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Per-model settings for the deployers, passed on by the registry in {@code ModelGroupChanged} (later issues add
 * monitoring and shadow settings here).
 *
 * @param preload load the model into memory as soon as a version is deployed, so the first request does not pay
 *                for the load; default false (loaded on first request, evicted least-recently-used first)
 */
@JsonPropertyOrder({"preload"})
public record ServingSection(Boolean preload) {

    public ServingSection {
        preload = preload != null && preload;
    }

    public static ServingSection defaults() {
        return new ServingSection(null);
    }
}
