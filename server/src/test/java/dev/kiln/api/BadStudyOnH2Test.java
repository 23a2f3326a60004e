package dev.kiln.api;

import dev.kiln.support.OnH2;

class BadStudyOnH2Test extends OnH2 implements BadStudyContract {}
