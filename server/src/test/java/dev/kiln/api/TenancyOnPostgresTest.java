package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class TenancyOnPostgresTest extends OnPostgres implements TenancyContract {}
