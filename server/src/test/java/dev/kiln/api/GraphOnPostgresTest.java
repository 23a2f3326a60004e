package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class GraphOnPostgresTest extends OnPostgres implements GraphContract {}
