package dev.kiln.api;

import dev.kiln.support.OnH2;

class InferenceOnH2Test extends OnH2 implements InferenceContract {}
