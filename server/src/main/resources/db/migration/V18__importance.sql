-- Permutation importance of a run's columns: a job per run, dataset (null: the run's validation split), metric,
-- repeats and seed, queued on its own db-scheduler table; its result (per column: the metric's drop over the
-- repeats) kept as a JSON document, so that the same request is answered from it.
create table importance_jobs (
    id          uuid                     not null primary key,
    project_id  uuid                     not null,
    run_id      uuid                     not null references runs (id) on delete cascade,
    dataset_id  uuid,
    metric      varchar(200)             not null,
    repeats     integer                  not null,
    seed        bigint                   not null,
    status      varchar(20)              not null,
    result      varchar,
    error       varchar(4000),
    created_at  timestamp with time zone not null,
    finished_at timestamp with time zone
);
create index importance_jobs_run_idx on importance_jobs (run_id, created_at);

create table importance_tasks (
    task_name            varchar(100)             not null,
    task_instance        varchar(200)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index importance_tasks_execution_time_idx on importance_tasks (execution_time);
create index importance_tasks_last_heartbeat_idx on importance_tasks (last_heartbeat);
