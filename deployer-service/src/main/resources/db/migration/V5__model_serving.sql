-- Per-model serving settings from the registry (ModelGroupChanged: the definition's serving section) and the
-- definition revision they come from; an older or equal revision never replaces them. Every replica preloads the
-- served version of a model with preload = true instead of waiting for its first request.
create table model_serving (
    model_group         varchar(63) primary key,
    preload             boolean     not null,
    definition_revision integer     not null check (definition_revision >= 1),
    retired             boolean     not null,
    -- when the registry applied the revision (ModelGroupChanged.at)
    changed_at          timestamptz not null,
    updated_at          timestamptz not null
);
