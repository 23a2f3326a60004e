/**
 * Cross-cutting HTTP concerns: every error leaves Kiln as an RFC 9457 problem detail ({@link ApiProblems}),
 * and the three kinds of caller mistake the modules raise ({@link InvalidRequest}, {@link NotFound},
 * {@link Conflict}) are defined here so that each module names its own rule without knowing about HTTP.
 */
package dev.kiln.web;
