package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class TextOnPostgresTest extends OnPostgres implements TextContract {}
