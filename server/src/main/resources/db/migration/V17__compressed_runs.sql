-- A compressed run (post-training int8 quantization of a SUCCEEDED run): the run it was made from, and what the
-- compression did (scheme, artifact bytes before and after, the metrics on the calibration rows before and after).
alter table runs add column compressed_from uuid;
alter table runs add column compression varchar(100000);
