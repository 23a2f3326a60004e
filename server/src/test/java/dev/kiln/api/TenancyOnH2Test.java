package dev.kiln.api;

import dev.kiln.support.OnH2;

class TenancyOnH2Test extends OnH2 implements TenancyContract {}
