/**
 * Recommendations from a finished rating or ranking run: a user's top k items (its training items left out on
 * request; unknown users get the most popular items, said so), items similar to an item by the cosine of their
 * learned vectors, and the top k of many users at once.
 */
@org.jspecify.annotations.NullMarked
package dev.kiln.recommend;
