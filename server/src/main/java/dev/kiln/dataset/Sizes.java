package dev.kiln.dataset;

import org.springframework.util.unit.DataSize;

/** Byte counts as people write them in messages: 8 MB, 1.5 GB, 100 bytes. */
final class Sizes {
    private Sizes() {}

    static String human(DataSize size) {
        return human(size.toBytes());
    }

    static String human(long bytes) {
        String[] units = {"KB", "MB", "GB", "TB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
