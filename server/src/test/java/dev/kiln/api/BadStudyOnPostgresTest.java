package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class BadStudyOnPostgresTest extends OnPostgres implements BadStudyContract {}
