-- On identical data a job's best may be its parent's best trial (its model then retrained from the parent's
-- configuration with the parent's seed). best_trial_job names the job that ran the best trial (best_trial_index is
-- that job's index); final_model_seed is the job seed the final model was trained with.
alter table tuning_job
    add column best_trial_job   varchar(120),
    add column final_model_seed bigint;
-- until now every best trial was the job's own and every final model was trained with the job's own seed
update tuning_job set best_trial_job = name where best_trial_index is not null;
update tuning_job set final_model_seed = seed where status = 'COMPLETED';
