package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class ArtifactImportOnPostgresTest extends OnPostgres implements ArtifactImportContract {}
