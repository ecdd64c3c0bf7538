-- What a job needs to run, be resumed or failed after a restart, reproduce, and publish its result.
alter table tuning_job
    add column run_id               varchar(120),
    add column parents              text        not null default '[]',  -- JSON array of parent job names
    add column seed                 bigint      not null default 0,
    add column max_jobs             integer     not null default 1,
    add column max_parallel_jobs    integer     not null default 1,
    add column failure_reason       text,
    add column started_at           timestamptz,
    add column finished_at          timestamptz,
    add column best_trial_index     integer,
    add column best_iteration       integer,
    add column best_hyperparameters text,                               -- JSON object
    add column artifact_key         varchar(1024),
    add column artifact_sha256      char(64),
    add column artifact_bytes       bigint,
    add column descriptor_key       varchar(1024),
    add column dataset_event        text;                               -- the DatasetReady envelope (JSON)
alter table tuning_job alter column training_job_count set default 0;
-- one job per run: a redelivered DatasetReady (even with a new event id) never starts a second job
create unique index tuning_job_run on tuning_job (run_id);

-- Every trial of every job: the progress API and the history warm start reads.
create table tuning_trial (
    job_name       varchar(120)     not null references tuning_job (name),
    trial_index    integer          not null,
    origin         varchar(24)      not null,  -- SEARCH or PARENT_BEST (transfer learning re-evaluation)
    parameters     text             not null,  -- JSON object, the full configuration
    status         varchar(16)      not null,  -- SUCCEEDED or FAILED
    objective      double precision,           -- validation eval metric at the best iteration
    best_iteration integer,
    rounds         integer,
    duration_ms    bigint           not null,
    failure_reason text,
    finished_at    timestamptz      not null,
    primary key (job_name, trial_index)
);

-- Test-split metrics of each completed job's best model: the model's evaluation history.
create table model_evaluation (
    job_name   varchar(120) primary key references tuning_job (name),
    model      varchar(63)  not null,
    run_id     varchar(120) not null,
    objective  varchar(63)  not null,
    test_rows  bigint       not null,
    metrics    text         not null,  -- JSON object metric -> value
    created_at timestamptz  not null
);
create index model_evaluation_by_model on model_evaluation (model, created_at desc);
