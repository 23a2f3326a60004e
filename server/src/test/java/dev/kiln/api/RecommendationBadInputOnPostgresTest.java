package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class RecommendationBadInputOnPostgresTest extends OnPostgres implements RecommendationBadInputContract {}
