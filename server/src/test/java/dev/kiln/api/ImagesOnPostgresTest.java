package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class ImagesOnPostgresTest extends OnPostgres implements ImagesContract {}
