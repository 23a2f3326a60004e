package dev.kiln.storage;

import java.util.regex.Pattern;

/** What a blob key may be: relative paths of lowercase letters, digits, '-', '_', '.' and '/', never "..". */
final class BlobKeys {
    private static final Pattern KEY = Pattern.compile("[a-z0-9_.-]+(/[a-z0-9_.-]+)*");

    private BlobKeys() {}

    static String checked(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return key;
    }
}
