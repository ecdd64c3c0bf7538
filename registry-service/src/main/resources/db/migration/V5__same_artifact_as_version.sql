-- A retrain on identical data whose parent's configuration stays best reproduces the parent's model byte for
-- byte. Each version records the earliest earlier version of its group with the same artifact SHA-256 (null
-- when the artifact is new), so an approver sees that nothing changed.
alter table model_package add column same_artifact_as_version integer;
alter table model_package add constraint model_package_same_artifact_earlier
    check (same_artifact_as_version >= 1 and same_artifact_as_version < version);
alter table model_package add constraint model_package_same_artifact_exists
    foreign key (group_name, same_artifact_as_version) references model_package (group_name, version);
create index model_package_by_artifact on model_package (group_name, artifact_sha256, version);

-- Versions registered before this column existed get the same answer a registration gives now.
update model_package p set same_artifact_as_version = (
    select min(e.version) from model_package e
    where e.group_name = p.group_name and e.artifact_sha256 = p.artifact_sha256 and e.version < p.version);
