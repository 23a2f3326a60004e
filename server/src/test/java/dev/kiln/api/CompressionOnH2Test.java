package dev.kiln.api;

import dev.kiln.support.OnH2;

class CompressionOnH2Test extends OnH2 implements CompressionContract {}
