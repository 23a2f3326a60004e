package dev.kiln.api;

import dev.kiln.support.OnH2;

class GraphOnH2Test extends OnH2 implements GraphContract {}
