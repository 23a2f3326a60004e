package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class RecommendationOnPostgresTest extends OnPostgres implements RecommendationContract {}
