package dev.kiln.api;

import dev.kiln.support.OnPostgres;

class WebhooksOnPostgresTest extends OnPostgres implements WebhooksContract {}
