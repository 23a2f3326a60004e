package dev.kiln.api;

import dev.kiln.support.OnH2;

class RunLifecycleOnH2Test extends OnH2 implements RunLifecycleContract {}
