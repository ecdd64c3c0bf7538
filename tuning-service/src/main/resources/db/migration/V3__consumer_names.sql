-- Consumers are named <service>.<what it consumes> (EventConsumers.CONSUMER_NAME). The old name's rows are
-- renamed, not left behind, so an event applied under the old name is not applied again under the new one.
update processed_event set consumer = 'tuning.datasets' where consumer = 'tuning-datasets';
