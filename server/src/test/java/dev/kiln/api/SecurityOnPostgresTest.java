package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class SecurityOnPostgresTest extends OnPostgres implements SecurityContract {}
