package dev.kiln.dataset;

/** A distinct value of a column and how many rows hold it. */
public record ValueCount(String value, long count) {}
