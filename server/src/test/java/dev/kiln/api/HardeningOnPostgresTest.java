package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class HardeningOnPostgresTest extends OnPostgres implements HardeningContract {}
