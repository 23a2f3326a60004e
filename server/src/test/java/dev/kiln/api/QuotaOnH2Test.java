package dev.kiln.api;

import dev.kiln.support.OnH2;

class QuotaOnH2Test extends OnH2 implements QuotaContract {}
