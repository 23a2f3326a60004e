/**
 * Cross-cutting HTTP concerns: every error leaves Kiln as an RFC 9457 problem detail ({@link ApiProblems}), which
 * maps the domain's broken rules ({@code dev.kiln.domain}) to status codes; the OpenAPI document's conventions;
 * the option catalog behind {@code /schema/*}.
 */
package dev.kiln.web;
