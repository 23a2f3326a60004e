package dev.kiln.api;

import dev.kiln.support.OnH2;

class WebhooksOnH2Test extends OnH2 implements WebhooksContract {}
