package dev.kiln.storage;

/** What a write produced: the key, how many bytes, and their sha256 in lowercase hex. */
public record StoredBlob(String key, long size, String sha256) {}
