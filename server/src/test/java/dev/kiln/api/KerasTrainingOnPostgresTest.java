package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class KerasTrainingOnPostgresTest extends OnPostgres implements KerasTrainingContract {}
