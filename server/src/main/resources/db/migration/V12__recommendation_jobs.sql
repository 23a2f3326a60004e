-- A scoring job of a rating or ranking run writes each user's top k items; it keeps its k and excludeSeen.
alter table prediction_jobs add column top_k integer;
alter table prediction_jobs add column exclude_seen boolean;
