/**
 * Interactions: what rating and ranking runs learn from — the columns of user, item, rating and time as submitted
 * and resolved, how interactions are held out per user, negatives sampled and a catalog ranked for a user. Pure
 * Java; the engine trains and scores the networks, {@link dev.kiln.feature.InteractionCatalog} is what a finished
 * run keeps, {@code dev.kiln.recommend} answers recommendations.
 */
@org.jspecify.annotations.NullMarked
package dev.kiln.interaction;
