package dev.treeline.registry;

import java.time.Instant;
import java.util.UUID;

import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.events.definition.ModelDefinition;
import dev.treeline.events.definition.ModelDefinitions;

/** ModelDefinitionChanged events as data-prep writes them, one revision at a time. */
final class Definitions {

    private Definitions() {
    }

    /** Revision {@code revision} of {@code model}'s definition, with this description and serving.preload. */
    static EventEnvelope<ModelDefinitionChanged> revision(String model, int revision, String description,
            boolean preload, boolean retired) {
        ModelDefinition definition = ModelDefinitions.parse("""
                name: %s
                description: %s
                owner: pricing-team
                tags: [demo, regression]
                data:
                  query: select id, price, sqft from gold.sales where sale_date between :dateStart and :dateEnd
                  label-column: price
                  key-column: id
                task:
                  objective: reg:squarederror
                serving:
                  preload: %s
                """.formatted(model, description, preload));
        String correlation = UUID.randomUUID().toString();
        return EventEnvelope.of(correlation, new ModelDefinitionChanged(model, revision,
                ModelDefinitions.contentHash(definition), definition, "api", null, "alice",
                Instant.parse("2026-12-02T09:00:00Z").plusSeconds(revision), retired));
    }
}
