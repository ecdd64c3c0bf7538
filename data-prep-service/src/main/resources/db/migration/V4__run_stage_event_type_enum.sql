-- run_stage_event.event_type now holds the EventType constant (TUNING_COMPLETED) through @Enumerated, no
-- longer the wire name (TuningCompleted): existing rows are renamed the same way. Names already in the new
-- form have no lower-case letter and stay as they are.
update run_stage_event
   set event_type = upper(regexp_replace(event_type, '([a-z0-9])([A-Z])', '\1_\2', 'g'))
 where event_type ~ '[a-z]';
