package dev.kiln.api;

import dev.kiln.support.OnH2;

class BadInputOnH2Test extends OnH2 implements BadInputContract {}
