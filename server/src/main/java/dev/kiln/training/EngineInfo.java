package dev.kiln.training;

/** What trains runs on this instance. */
public record EngineInfo(String name, String version, int gpuCount, String defaultDevice, String djlVersion) {}
