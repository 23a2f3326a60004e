package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class TelemetryOnPostgresTest extends OnPostgres implements TelemetryContract {}
