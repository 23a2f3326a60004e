package dev.kiln.api;

import dev.kiln.support.OnH2;

class TrainingOnH2Test extends OnH2 implements TrainingContract {}
