package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class BadInputCorpusOnPostgresTest extends OnPostgres implements BadInputCorpusContract {}
