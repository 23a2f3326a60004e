-- What happened to a run, in order: status changes, epochs, checkpoints, log lines, its end. seq counts from 1 per
-- run and is assigned under the run row's lock, so that a reader that has seen seq n has seen every seq below n.
create table run_events (
    run_id      uuid                     not null references runs (id) on delete cascade,
    seq         integer                  not null,
    type        varchar(16)              not null,
    payload     varchar(200000)          not null,
    created_at  timestamp with time zone not null,
    primary key (run_id, seq)
);
