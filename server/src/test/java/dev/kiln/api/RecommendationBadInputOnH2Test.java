package dev.kiln.api;

import dev.kiln.support.OnH2;

class RecommendationBadInputOnH2Test extends OnH2 implements RecommendationBadInputContract {}
