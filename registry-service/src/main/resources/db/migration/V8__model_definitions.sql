-- What data-prep's model definition says about the group (ModelDefinitionChanged), so a defined model's group
-- exists and is listed before its first version. definition_revision is null for a group created by a version
-- alone (a producer older than definitions); a revision older than or equal to it changes nothing.
alter table model_package_group
    add column description         text,
    add column owner               text,
    add column tags                jsonb       not null default '[]',
    add column retired             boolean     not null default false,
    add column definition_revision integer,
    -- the definition's serving section (ServingSection), passed on to the deployers in ModelGroupChanged
    add column serving             jsonb,
    -- when data-prep applied that revision
    add column defined_at          timestamptz,
    add constraint model_package_group_definition_revision_positive
        check (definition_revision is null or definition_revision >= 1);
