package dev.kiln.api;

import dev.kiln.support.OnH2;

class ArtifactImportOnH2Test extends OnH2 implements ArtifactImportContract {}
