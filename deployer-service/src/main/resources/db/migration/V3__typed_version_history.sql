-- model_version keeps the artifact reference the registry sent, format included (mapped with ArtifactColumns);
-- every version recorded before was an XGBoost UBJSON artifact, the only format the registry registered.
alter table model_version
    add column artifact_format varchar(16) not null default 'UBJSON';
