package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class RunLifecycleOnPostgresTest extends OnPostgres implements RunLifecycleContract {}
