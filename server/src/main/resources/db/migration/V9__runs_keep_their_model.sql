-- A run keeps the model definition it trained with: deleting the definition no longer breaks its artifact,
-- evaluation, warm starts or predictions. Runs of definitions that still exist get their copy now.
alter table runs add column model_spec varchar;
update runs set model_spec = (select m.spec from model_definitions m where m.id = runs.model_id);
-- what a run should know about its data (a validation split that lacks a class, say), as a JSON list of texts
alter table runs add column warnings varchar;
-- JSON documents without a length limit: a 10,000-column profile is tens of megabytes of text
alter table datasets alter column profile set data type varchar;
alter table model_definitions alter column spec set data type varchar;
alter table runs alter column spec set data type varchar;
alter table runs alter column features set data type varchar;
alter table runs alter column preprocessing set data type varchar;
alter table runs alter column provenance set data type varchar;
alter table runs alter column evaluation set data type varchar;
alter table runs alter column latest_metrics set data type varchar;
alter table runs alter column test_metrics set data type varchar;
alter table epoch_metrics alter column metrics set data type varchar;
