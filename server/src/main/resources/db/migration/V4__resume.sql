-- resuming runs: how many times a worker started the run, and its last checkpoint
alter table runs add column attempts integer default 0 not null;
alter table runs add column checkpoint_key varchar(500);
alter table runs add column checkpoint_sha256 varchar(64);
alter table runs add column checkpoint_epoch integer;
alter table runs add column checkpoint_batch integer;
alter table runs add column losses integer default 0 not null;
