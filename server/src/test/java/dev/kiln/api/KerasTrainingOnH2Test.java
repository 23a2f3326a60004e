package dev.kiln.api;

import dev.kiln.support.OnH2;

class KerasTrainingOnH2Test extends OnH2 implements KerasTrainingContract {}
