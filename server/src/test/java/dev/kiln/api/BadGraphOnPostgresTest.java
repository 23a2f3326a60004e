package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class BadGraphOnPostgresTest extends OnPostgres implements BadGraphContract {}
