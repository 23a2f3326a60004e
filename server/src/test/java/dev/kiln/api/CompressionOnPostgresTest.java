package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class CompressionOnPostgresTest extends OnPostgres implements CompressionContract {}
