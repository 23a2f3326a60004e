package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class InferenceOnPostgresTest extends OnPostgres implements InferenceContract {}
