package dev.kiln.api;

import dev.kiln.support.OnH2;

class HardeningOnH2Test extends OnH2 implements HardeningContract {}
