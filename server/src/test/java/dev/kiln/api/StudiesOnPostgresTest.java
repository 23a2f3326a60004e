package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class StudiesOnPostgresTest extends OnPostgres implements StudiesContract {}
