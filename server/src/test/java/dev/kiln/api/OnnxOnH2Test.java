package dev.kiln.api;

import dev.kiln.support.OnH2;

class OnnxOnH2Test extends OnH2 implements OnnxContract {}
