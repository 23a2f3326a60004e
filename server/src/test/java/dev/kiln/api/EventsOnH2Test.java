package dev.kiln.api;

import dev.kiln.support.OnH2;

class EventsOnH2Test extends OnH2 implements EventsContract {}
