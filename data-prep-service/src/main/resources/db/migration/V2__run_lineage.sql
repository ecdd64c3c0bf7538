-- What a run did and why: lineage for people and for the next stages.
alter table retrain_run
    add column trigger_event_id   uuid,
    add column drift              jsonb,
    add column extracting_at      timestamptz,
    add column finished_at        timestamptz,
    add column spec_snapshot      jsonb,
    add column query_text         text,
    add column query_parameters   jsonb,
    add column window_start       date,
    add column window_end         date,
    add column label_column       varchar(200),
    add column feature_names      jsonb,
    add column datasets           jsonb,
    add column rows_total         bigint,
    add column rows_train         bigint,
    add column rows_validation    bigint,
    add column rows_test          bigint,
    add column rows_without_label bigint,
    add column extraction_ms      bigint,
    add column attempts           integer,
    add column failure_kind       varchar(32);

-- At most one active run per model, enforced where concurrent kickoffs meet: the database.
create unique index retrain_run_one_active_per_model on retrain_run (model)
    where status in ('REQUESTED', 'EXTRACTING');
create index retrain_run_model_requested on retrain_run (model, requested_at desc);
create index retrain_run_requested on retrain_run (requested_at desc);

-- Every drift alert and what it led to (a run, or why not).
create table drift_decision (
    id             uuid         primary key,
    event_id       uuid         not null,
    model          varchar(63)  not null,
    metric         varchar(100) not null,
    value          double precision not null,
    alert_threshold double precision,
    spec_threshold double precision,
    feature        varchar(200),
    source         varchar(200) not null,
    decision       varchar(16)  not null,
    why            text         not null,
    run_id         uuid,
    decided_at     timestamptz  not null
);
create index drift_decision_model on drift_decision (model, decided_at desc);

-- RetrainRequested events that did not start a run, and why.
create table skipped_request (
    id            uuid         primary key,
    event_id      uuid         not null,
    model         varchar(63)  not null,
    reason        varchar(16)  not null,
    requested_by  varchar(200) not null,
    active_run_id uuid,
    why           text         not null,
    skipped_at    timestamptz  not null
);
create index skipped_request_model on skipped_request (model, skipped_at desc);

-- Later stages of a run (tuning, registry, deployers), keyed by the run id every event carries.
create table run_stage_event (
    event_id    uuid         primary key,
    run_id      uuid         not null,
    event_type  varchar(64)  not null,
    stage       varchar(64)  not null,
    occurred_at timestamptz  not null,
    summary     text         not null,
    details     jsonb        not null
);
create index run_stage_event_run on run_stage_event (run_id, occurred_at);
