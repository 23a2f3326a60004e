package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class ExplainOnPostgresTest extends OnPostgres implements ExplainContract {}
