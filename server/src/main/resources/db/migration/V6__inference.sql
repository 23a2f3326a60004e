-- using trained models: provenance, warm starts, imported models, and batch scoring jobs
alter table runs add column provenance varchar(100000);
alter table runs add column imported boolean default false not null;
alter table runs add column parent_run_id uuid;
alter table runs add column init_checkpoint varchar(10);
alter table runs alter column dataset_id drop not null;

create table prediction_jobs (
    id            uuid                     not null primary key,
    run_id        uuid                     not null references runs (id) on delete cascade,
    dataset_id    uuid                     not null,
    status        varchar(20)              not null,
    row_count     bigint,
    result_key    varchar(500),
    result_sha256 varchar(64),
    error         varchar(4000),
    created_at    timestamp with time zone not null,
    finished_at   timestamp with time zone
);
create index prediction_jobs_run_idx on prediction_jobs (run_id);
