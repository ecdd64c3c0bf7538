-- Transactional outbox: a service writes the event in the same transaction as the state change it
-- announces; OutboxRelay sends unsent rows to Kafka in seq order and marks them sent.
create table outbox_event (
    seq          bigserial primary key,
    event_id     uuid         not null unique,
    topic        varchar(249) not null,
    message_key  varchar(255) not null,
    event_type   varchar(64)  not null,
    occurred_at  timestamptz  not null,
    payload      text         not null,
    created_at   timestamptz  not null default now(),
    published_at timestamptz
);

create index outbox_event_unsent on outbox_event (seq) where published_at is null;
