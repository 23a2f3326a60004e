-- image datasets (ZIP archives of class folders, IDX pairs) and the augmentation of image runs
alter table datasets alter column delimiter drop not null;
alter table datasets add column labels_key varchar(500);
alter table datasets add column labels_sha256 varchar(64);
alter table runs add column augmentation varchar(10000);
