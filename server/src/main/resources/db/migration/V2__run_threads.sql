-- the engine's intra-op threads while a run trained, chosen per run
alter table runs add column threads integer;
