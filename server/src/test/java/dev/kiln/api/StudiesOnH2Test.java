package dev.kiln.api;

import dev.kiln.support.OnH2;

class StudiesOnH2Test extends OnH2 implements StudiesContract {}
