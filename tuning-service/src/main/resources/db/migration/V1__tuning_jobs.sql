-- Every tuning job: the history warm start picks parents from.
create table tuning_job (
    name               varchar(120) primary key,
    model              varchar(63)  not null,
    layer              varchar(63)  not null,
    objective          varchar(63)  not null,
    eval_metric        varchar(32)  not null,
    eval_metric_value  double precision,
    training_job_count integer      not null,
    strategy           varchar(16)  not null,
    warm_start_type    varchar(40)  not null,
    dataset_hash       char(64)     not null,
    testing            boolean      not null,
    status             varchar(16)  not null,
    created_at         timestamptz  not null
);
create index tuning_job_parent_lookup on tuning_job (model, layer, objective, eval_metric, created_at desc);
