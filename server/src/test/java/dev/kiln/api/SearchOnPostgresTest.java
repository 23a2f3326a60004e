package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class SearchOnPostgresTest extends OnPostgres implements SearchContract {}
