package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class BadInputOnPostgresTest extends OnPostgres implements BadInputContract {}
