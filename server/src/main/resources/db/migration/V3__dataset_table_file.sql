-- the training-ready binary form of a dataset, written at upload (absent for datasets stored before V3)
alter table datasets add column table_key varchar(500);
alter table datasets add column table_sha256 varchar(64);
