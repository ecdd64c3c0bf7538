-- A retraining run from kickoff to DatasetReady.
create table retrain_run (
    id             uuid         primary key,
    model          varchar(63)  not null,
    reason         varchar(16)  not null,
    testing        boolean      not null,
    requested_by   varchar(200) not null,
    status         varchar(16)  not null,
    requested_at   timestamptz  not null,
    updated_at     timestamptz  not null,
    failure_reason text
);
create index retrain_run_model_status on retrain_run (model, status);
