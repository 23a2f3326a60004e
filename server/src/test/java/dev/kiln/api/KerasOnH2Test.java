package dev.kiln.api;

import dev.kiln.support.OnH2;

class KerasOnH2Test extends OnH2 implements KerasContract {}
