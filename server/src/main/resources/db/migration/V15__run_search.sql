-- Run search: a run's tags, and every value a filter can name — metrics (latest epoch and test), resolved
-- hyperparameters (params, flattened to dotted paths) and tags — one row each, numbers and text apart, so that
-- filters compile to plain indexed SQL on H2 and PostgreSQL alike.
alter table runs add column tags varchar(20000);

create table run_values (
    run_id      uuid            not null references runs (id) on delete cascade,
    kind        char(1)         not null,
    name        varchar(200)    not null,
    num_value   double precision,
    text_value  varchar(1000),
    primary key (run_id, kind, name)
);
create index run_values_num_idx on run_values (kind, name, num_value);
create index run_values_text_idx on run_values (kind, name, text_value);

-- runs stored before this migration are indexed at startup (see RunIndex)
alter table runs add column indexed boolean default false not null;
