-- The newest AccessKeysChanged snapshot this deployer applied (the registry's access-key table), so a restart
-- serves signed invocations without the registry. One row of metadata and one row per key; secrets stay AES-GCM
-- ciphertext (decrypted only in memory with treeline.access-keys.encryption-key).
create table access_key_table (
    id smallint primary key default 1 check (id = 1),
    revision bigint not null,
    published_at timestamptz not null,
    applied_at timestamptz not null
);

create table access_key (
    access_key_id varchar(128) primary key,
    owner varchar(256) not null,
    status varchar(16) not null,
    -- the owner's effective roles when the snapshot was built, comma-separated
    roles varchar(256) not null,
    secret_ciphertext text not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);
