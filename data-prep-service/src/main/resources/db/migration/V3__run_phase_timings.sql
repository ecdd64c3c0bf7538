-- Where a run's extraction time went: warehouse query + CSV writing, then hashing + uploading.
alter table retrain_run
    add column write_ms  bigint,
    add column upload_ms bigint;
