package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class OnnxOnPostgresTest extends OnPostgres implements OnnxContract {}
