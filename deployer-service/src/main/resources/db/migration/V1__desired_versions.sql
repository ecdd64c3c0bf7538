-- The version each model should serve in this account; every replica follows this table.
create table desired_version (
    model_group     varchar(63) primary key,
    version         integer     not null,
    artifact_sha256 char(64)    not null,
    updated_at      timestamptz not null
);
