package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class EventsOnPostgresTest extends OnPostgres implements EventsContract {}
