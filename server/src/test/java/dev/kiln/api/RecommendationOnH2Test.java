package dev.kiln.api;

import dev.kiln.support.OnH2;

class RecommendationOnH2Test extends OnH2 implements RecommendationContract {}
