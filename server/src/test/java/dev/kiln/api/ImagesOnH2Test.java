package dev.kiln.api;

import dev.kiln.support.OnH2;

class ImagesOnH2Test extends OnH2 implements ImagesContract {}
