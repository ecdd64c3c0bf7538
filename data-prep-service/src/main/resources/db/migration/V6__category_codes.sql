-- Category dictionary (issue 16): per model, the code of every value of a categorical feature (kind FEATURE) and of
-- every class of a text label (kind LABEL). Append-only: a value, once coded, keeps its code across retrains; new
-- values get the next codes. Written by an extraction at its end, in one transaction under an advisory lock on the
-- model (DatasetExtractor / CategoryDictionary).
create table category_code (
    model        varchar(63)  not null,
    kind         varchar(8)   not null check (kind in ('FEATURE', 'LABEL')),
    column_name  varchar(255) not null,
    value        text         not null,
    code         integer      not null check (code >= 0),
    first_run_id uuid         not null,
    created_at   timestamptz  not null,
    primary key (model, kind, column_name, value),
    unique (model, kind, column_name, code)
);
