-- batch scoring's own queue (db-scheduler's table again), so that scoring jobs never wait behind training runs
create table scoring_tasks (
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
create index scoring_tasks_execution_time_idx on scoring_tasks (execution_time);
create index scoring_tasks_last_heartbeat_idx on scoring_tasks (last_heartbeat);
create index prediction_jobs_dataset_idx on prediction_jobs (dataset_id, status);
