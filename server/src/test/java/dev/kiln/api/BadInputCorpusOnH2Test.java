package dev.kiln.api;

import dev.kiln.support.OnH2;

class BadInputCorpusOnH2Test extends OnH2 implements BadInputCorpusContract {}
