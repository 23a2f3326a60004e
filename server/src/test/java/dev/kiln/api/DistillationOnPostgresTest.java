package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class DistillationOnPostgresTest extends OnPostgres implements DistillationContract {}
