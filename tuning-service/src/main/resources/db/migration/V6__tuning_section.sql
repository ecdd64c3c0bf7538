-- A job takes how it is tuned from its DatasetReady (the model definition's tuning section, defaults written out)
-- instead of per-model configuration, and keeps what it ran with, so it can be repeated from its record:
-- tuning_section is the section as JSON (kebab-case keys, as in the definition), objective_metric the metric the
-- event asked for (without "validation:"; kept even when the job failed because it did not fit the objective),
-- definition_revision the definition revision the run snapshotted (0 for an event upcast from schema version 2).
-- Jobs stored before this ran with the old configuration, which was not recorded: their columns stay null.
alter table tuning_job
    add column tuning_section      jsonb,
    add column objective_metric    varchar(63),
    add column definition_revision integer;
