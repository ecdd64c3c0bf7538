-- Versions are numbered from the group row: registration locks it, increments latest_version and
-- inserts the version in one transaction, so concurrent consumers never skip or repeat a number.
alter table model_package_group
    add column latest_version integer not null default 0;

alter table model_package
    add column run_id                 varchar(255)     not null,
    add column tuning_job_name        varchar(255)     not null,
    add column registered_event_id    uuid             not null,
    add column objective              varchar(100)     not null,
    add column objective_metric       varchar(100)     not null,
    add column objective_metric_value double precision not null,
    add column test_metrics           jsonb            not null,
    add column hyperparameters        jsonb            not null,
    add column artifact_bucket        varchar(255)     not null,
    add column artifact_key           varchar(1024)    not null,
    add column artifact_bytes         bigint           not null,
    add column artifact_format        varchar(16)      not null,
    add column artifact_version_id    varchar(1024),
    add column xgboost_version        varchar(32)      not null,
    -- layer, features, window, query and parameters, dataset objects with hashes, parents, warm start
    add column lineage                jsonb            not null,
    add column status_changed_at      timestamptz      not null;

-- One tuning job is one version, even if the job's event were re-published under a new event id.
alter table model_package add constraint model_package_tuning_job_unique unique (group_name, tuning_job_name);
alter table model_package add constraint model_package_registered_event_unique unique (registered_event_id);
alter table model_package add constraint model_package_version_positive check (version >= 1);
create index model_package_by_status on model_package (group_name, approval_status, version desc);

-- Every status change (and the registration itself, from_status null): who, when, from, to, why.
create table approval_audit (
    id               bigserial    primary key,
    group_name       varchar(63)  not null,
    version          integer      not null,
    changed_by       varchar(100) not null,
    changed_at       timestamptz  not null,
    from_status      varchar(32),
    to_status        varchar(32)  not null,
    reason           text         not null,
    testing_override boolean      not null default false,
    foreign key (group_name, version) references model_package (group_name, version)
);
create index approval_audit_by_version on approval_audit (group_name, version, id);

-- People who may read (viewer), approve or reject (approver) and manage users (admin).
create table registry_user (
    username      varchar(64)  primary key,
    password_hash varchar(100) not null, -- bcrypt, Modular Crypt Format
    created_at    timestamptz  not null,
    created_by    varchar(64)  not null
);
create table registry_user_role (
    username varchar(64) not null references registry_user (username) on delete cascade,
    role     varchar(32) not null check (role in ('viewer', 'approver', 'admin')),
    primary key (username, role)
);

-- What each account's endpoint serves now, per model group (from ModelDeployed / ModelUndeployed).
create table live_deployment (
    account         varchar(100) not null,
    endpoint        varchar(255) not null,
    group_name      varchar(63)  not null,
    version         integer      not null,
    artifact_sha256 char(64)     not null,
    since           timestamptz  not null,
    action          varchar(32)  not null,
    reason          text,
    primary key (account, endpoint, group_name)
);
create index live_deployment_by_version on live_deployment (group_name, version);

-- Every deployment event received, including failures, for the deployment history of a group.
create table deployment_event (
    id              bigserial    primary key,
    event_id        uuid         not null unique,
    event_type      varchar(32)  not null,
    account         varchar(100) not null,
    endpoint        varchar(255) not null,
    group_name      varchar(63)  not null,
    version         integer      not null,
    artifact_sha256 char(64),
    at              timestamptz  not null,
    action          varchar(32),
    reason          text
);
create index deployment_event_by_group on deployment_event (group_name, at desc);
