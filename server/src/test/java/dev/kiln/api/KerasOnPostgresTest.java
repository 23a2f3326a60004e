package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class KerasOnPostgresTest extends OnPostgres implements KerasContract {}
