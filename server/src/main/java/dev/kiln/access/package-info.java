/**
 * Who may do what: projects (every dataset, model, run and job belongs to one), API keys (stored as hashes, with
 * scopes, expiry and revocation), the current caller and what it may see ({@link Tenancy}), per-project quotas and
 * rate limits, and the audit log of every write. The entry points are {@link Tenancy} and {@link Projects}; the HTTP
 * side (Spring Security, the key, project and audit endpoints) is in {@code access.web}.
 */
package dev.kiln.access;
