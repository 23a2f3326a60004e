package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class TrainingOnPostgresTest extends OnPostgres implements TrainingContract {}
