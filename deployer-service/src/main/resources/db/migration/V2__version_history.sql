-- Every version of every model group this account has heard of, with the status the registry gave it
-- last: the history a rollback chooses from (newest earlier version still eligible).
create table model_version (
    model_group       varchar(63)   not null,
    version           integer       not null,
    status            varchar(32)   not null,
    run_id            varchar(200)  not null,
    source_bucket     varchar(63)   not null,
    source_key        varchar(1024) not null,
    source_version_id varchar(1024),
    artifact_sha256   char(64)      not null,
    artifact_bytes    bigint        not null,
    testing           boolean       not null default false,
    approved_at       timestamptz,
    updated_at        timestamptz   not null,
    primary key (model_group, version)
);

-- What is served and why; artifact_key is the immutable copy in this account's bucket.
alter table desired_version
    add column run_id       varchar(200)  not null default 'unknown',
    add column artifact_key varchar(1024) not null default '',
    add column action       varchar(16)   not null default 'PROMOTED',
    add column reason       varchar(1000);

-- Approvals waiting for the promotion delay; at most one (the newest) per model group.
create table pending_promotion (
    model_group varchar(63) primary key,
    version     integer     not null,
    approved_at timestamptz not null,
    due_at      timestamptz not null
);
