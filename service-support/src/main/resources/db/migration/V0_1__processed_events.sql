-- Shared by every service (each in its own database): events a consumer has applied.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    event_type   varchar(64)  not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);
