package dev.kiln.api;

import dev.kiln.support.OnH2;

class SearchOnH2Test extends OnH2 implements SearchContract {}
