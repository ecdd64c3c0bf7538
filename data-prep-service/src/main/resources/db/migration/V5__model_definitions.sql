-- Model definitions (issue 15): one row per model with its current revision, and every revision ever applied.
-- Writers lock the model's row (select ... for update) so concurrent replicas make one revision per change.
create table model_definition (
    name         varchar(63)  primary key,
    revision     integer      not null,
    content_hash char(64)     not null,
    source       varchar(16)  not null,
    origin       varchar(500),
    retired      boolean      not null,
    definition   jsonb        not null,
    applied_at   timestamptz  not null,
    applied_by   varchar(200) not null
);

create table model_definition_revision (
    model        varchar(63)  not null references model_definition (name),
    revision     integer      not null,
    content_hash char(64)     not null,
    action       varchar(16)  not null,
    source       varchar(16)  not null,
    origin       varchar(500),
    applied_by   varchar(200) not null,
    applied_at   timestamptz  not null,
    definition   jsonb        not null,
    changes      jsonb        not null,
    primary key (model, revision)
);

-- A run snapshots the whole definition and its revision when it is requested (spec_snapshot stays for older runs).
alter table retrain_run
    add column definition_revision integer,
    add column definition_snapshot jsonb;
