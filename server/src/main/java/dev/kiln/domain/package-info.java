/**
 * The kinds of broken rule every module raises, without knowing about HTTP: a request that breaks a rule
 * ({@link InvalidRequest}, with every {@link Violation} naming its field), something that does not exist
 * ({@link NotFound}), a conflict with the current state ({@link Conflict}) and an upload over a limit
 * ({@link PayloadTooLarge}). Modules name their own rules as subclasses; {@code web} maps them to problem details.
 */
package dev.kiln.domain;
