package dev.kiln.study;

import dev.kiln.study.prune.Pruner;
import tools.jackson.databind.JsonNode;

/**
 * A study as accepted, every default settled: its base run (the body of {@code POST /runs}), objective, space (as
 * sent; {@link dev.kiln.study.space.Space#parse} reads it), algorithm, pruner, trial budget, parallelism and seed.
 */
public record StudyDefinition(String name, JsonNode run, Objective objective, JsonNode space, Algorithm algorithm,
                              Pruner pruner, int maxTrials, int parallelism, long seed, int startupTrials) {}
