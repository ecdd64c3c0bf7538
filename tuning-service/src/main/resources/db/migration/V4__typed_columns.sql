-- The entities map enums by their constant names, JSON through Hibernate's JSON type (jsonb) and the artifact
-- through ArtifactColumns; stored rows are converted so they keep reading back.

-- eval metric: the enum constant (RMSE, LOGLOSS); a job failed for an unsupported objective has none (was 'none')
alter table tuning_job alter column eval_metric drop not null;
update tuning_job set eval_metric = upper(eval_metric) where eval_metric in ('rmse', 'logloss');
update tuning_job set eval_metric = null where eval_metric not in ('RMSE', 'LOGLOSS');
update tuning_job set strategy = upper(strategy), warm_start_type = upper(warm_start_type);

alter table tuning_job alter column parents drop default;
alter table tuning_job alter column parents type jsonb using parents::jsonb;
alter table tuning_job alter column parents set default '[]'::jsonb;
alter table tuning_job alter column best_hyperparameters type jsonb using best_hyperparameters::jsonb;
alter table tuning_trial alter column parameters type jsonb using parameters::jsonb;
alter table model_evaluation alter column metrics type jsonb using metrics::jsonb;

-- ArtifactColumns' three columns the table lacked. Models were always written as UBJSON to the service's bucket
-- (treeline.s3.bucket, passed in as a placeholder); no version id was kept.
alter table tuning_job
    add column artifact_bucket     varchar(63),
    add column artifact_format     varchar(16),
    add column artifact_version_id varchar(1024);
update tuning_job set artifact_bucket = '${artifact_bucket}', artifact_format = 'UBJSON' where artifact_key is not null;
