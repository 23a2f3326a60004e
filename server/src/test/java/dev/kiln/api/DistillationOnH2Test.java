package dev.kiln.api;

import dev.kiln.support.OnH2;

class DistillationOnH2Test extends OnH2 implements DistillationContract {}
