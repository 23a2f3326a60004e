package dev.kiln.api;

import dev.kiln.support.OnH2;

class BadGraphOnH2Test extends OnH2 implements BadGraphContract {}
