-- Model package groups and their versions (1, 2, 3... per group, no gaps).
create table model_package_group (
    name       varchar(63) primary key,
    created_at timestamptz not null
);
create table model_package (
    group_name      varchar(63) not null references model_package_group (name),
    version         integer     not null,
    approval_status varchar(32) not null,
    artifact_sha256 char(64)    not null,
    testing         boolean     not null,
    created_at      timestamptz not null,
    primary key (group_name, version)
);
