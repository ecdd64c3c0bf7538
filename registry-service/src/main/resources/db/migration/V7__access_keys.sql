-- AWS-style access keys of users (SigV4 for InvokeEndpoint). The secret is kept only as AES-256-GCM ciphertext
-- under treeline.access-keys.encryption-key (service-support's AccessKeySecrets): the deployers need the secret
-- itself to verify signatures, so it cannot be a hash. No foreign key to registry_user: deleting a user revokes
-- its keys, which stay for audit.
create table access_key (
    access_key_id     varchar(20)  primary key,
    owner             varchar(64)  not null,
    secret_ciphertext text         not null,
    status            varchar(16)  not null check (status in ('Active', 'Revoked')),
    created_at        timestamptz  not null,
    created_by        varchar(64)  not null,
    revoked_at        timestamptz,
    revoked_by        varchar(64),
    constraint access_key_revoked_when check ((status = 'Revoked') = (revoked_at is not null))
);
create index access_key_by_owner on access_key (owner, created_at);

-- Revision of the published key table (AccessKeysChanged.revision): the next value for every change.
create sequence access_keys_revision;
