package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class QuotaOnPostgresTest extends OnPostgres implements QuotaContract {}
