-- preprocessing options, early stopping, best checkpoint, the final model, and the test evaluation of a run
alter table runs add column preprocessing_options varchar(100000);
alter table runs add column best_epoch integer;
alter table runs add column stopped_epoch integer;
alter table runs add column best_checkpoint_key varchar(500);
alter table runs add column best_checkpoint_sha256 varchar(64);
alter table runs add column best_checkpoint_epoch integer;
alter table runs add column model_key varchar(500);
alter table runs add column model_sha256 varchar(64);
alter table runs add column evaluation varchar(1000000);
