package dev.kiln.api;

import dev.kiln.support.OnH2;

class SecurityOnH2Test extends OnH2 implements SecurityContract {}
