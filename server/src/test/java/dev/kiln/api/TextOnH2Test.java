package dev.kiln.api;

import dev.kiln.support.OnH2;

class TextOnH2Test extends OnH2 implements TextContract {}
