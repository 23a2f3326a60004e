-- Hyperparameter studies: a study (its definition as accepted, its status) and its trials, each a run in the normal
-- queue. The study's state lives here, so any instance can carry it on after another stops.
create table studies (
    id               uuid                     not null primary key,
    project_id       uuid,
    name             varchar(200)             not null,
    definition       varchar(1000000)         not null,
    status           varchar(16)              not null,
    reason           varchar(4000),
    cancel_requested boolean                  default false not null,
    created_at       timestamp with time zone not null,
    finished_at      timestamp with time zone
);
create index studies_project_idx on studies (project_id, created_at);
create index studies_status_idx on studies (status);

create table study_trials (
    study_id     uuid                     not null references studies (id) on delete cascade,
    number       integer                  not null,
    run_id       uuid,
    model_id     uuid,
    decisions    varchar(100000)          not null,
    parameters   varchar(1000000)         not null,
    state        varchar(16)              not null,
    objective    double precision,
    best_epoch   integer,
    epochs       integer                  default 0 not null,
    bracket      integer                  default 0 not null,
    pruned_rung  integer,
    reason       varchar(4000),
    created_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    primary key (study_id, number)
);
create index study_trials_run_idx on study_trials (run_id);

-- a trial's run names its study and its number (null for runs of no study)
alter table runs add column study_id uuid;
alter table runs add column trial_number integer;
create index runs_study_idx on runs (study_id);
