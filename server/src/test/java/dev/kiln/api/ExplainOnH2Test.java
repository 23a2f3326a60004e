package dev.kiln.api;

import dev.kiln.support.OnH2;

class ExplainOnH2Test extends OnH2 implements ExplainContract {}
