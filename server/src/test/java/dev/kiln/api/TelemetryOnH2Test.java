package dev.kiln.api;

import dev.kiln.support.OnH2;

class TelemetryOnH2Test extends OnH2 implements TelemetryContract {}
