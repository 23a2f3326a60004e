package dev.kiln.dataset;

import dev.kiln.domain.PayloadTooLarge;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A ZIP of class folders ({@code cats/001.png}, {@code dogs/002.jpg}), as Keras's
 * {@code image_dataset_from_directory} reads a directory: the first folder below the archive's root names the
 * class; one wrapping folder around all class folders is looked through. Nothing is extracted to disk — entries
 * are read from the archive into memory one at a time, bounded by their declared size.
 *
 * <p>Refused as a whole (4xx): more entries than allowed (counted from the end record before the directory is
 * read), more uncompressed bytes than allowed, an entry over 64 KiB that expands more than the allowed ratio or
 * beyond its declared size, paths with {@code ..} or absolute paths, symbolic links. Skipped and reported: files
 * outside class folders, non-image files, nested archives, encrypted entries, files too large, images that cannot
 * be decoded (truncated, damaged, too many pixels). Hidden and system entries are ignored.
 */
final class ImageArchive {
    static final String SOURCE = "image-folders";
    private static final long RATIO_CHECKED_ABOVE = 64 * 1024;
    private static final Set<String> ARCHIVES = Set.of("zip", "tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "jar",
            "war", "zst", "lz4", "lzma");

    private final DatasetSettings.Images limits;

    ImageArchive(DatasetSettings.Images limits) {
        this.limits = limits;
    }

    private record Candidate(ZipArchiveEntry entry, String path, String label) {}

    private record Probed(Candidate candidate, boolean gray) {}

    /** Reads the archive on {@code channel}; the images go to {@code pixels}, what happened to {@code upload}. */
    ImageSetFile.Index read(SeekableByteChannel channel, ImageOptions options, ImageUpload upload, OutputStream pixels)
            throws IOException {
        long declaredEntries = entryCount(channel);
        if (declaredEntries < 0) {
            throw new ImageFormatException("file", "not a ZIP archive (no end-of-central-directory record)");
        }
        if (declaredEntries > limits.maxEntries()) {
            throw new ImageFormatException("file", "the archive lists " + declaredEntries + " entries, more than the "
                    + "limit of " + limits.maxEntries() + " (kiln.datasets.images.max-entries)");
        }
        channel.position(0);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).get();
        } catch (IOException e) {
            throw new ImageFormatException("file", "not a readable ZIP archive (" + e.getMessage() + ")");
        }
        try (zip) {
            List<Candidate> candidates = candidates(zip, upload);
            if (candidates.isEmpty()) {
                throw new ImageFormatException("file", "the archive holds no image in a class folder"
                        + skips(upload) + "; expected class folders such as cats/001.png, dogs/002.jpg");
            }
            List<Probed> probed = probe(zip, candidates, upload);
            if (probed.isEmpty()) {
                throw new ImageFormatException("file", "no image in the archive could be read" + skips(upload));
            }
            int[] common = upload.commonSize();
            ImageShape shape = options.shape(common[0], common[1], probed.stream().allMatch(Probed::gray));
            checkDecodedSize(probed.size(), shape, limits);
            var builder = new ImageSetFile.Builder(shape, pixels, true);
            for (Probed p : probed) {
                Candidate c = p.candidate();
                try {
                    byte[] image = ImageDecoder.toShape(ImageDecoder.decode(bytes(zip, c), limits.maxPixelsPerImage()),
                            shape);
                    builder.add(image, c.label(), c.path());
                } catch (ImageDecoder.Unreadable e) {
                    upload.skip(c.path(), e.getMessage());
                }
            }
            if (builder.count() == 0) {
                throw new ImageFormatException("file", "no image in the archive could be decoded" + skips(upload));
            }
            return builder.finish(ImageSetFile.naturalOrder(probed.stream().map(p -> p.candidate().label())
                    .distinct().toList()));
        }
    }

    /** Checks every entry of the directory and returns the image files in class folders, by class and path. */
    private List<Candidate> candidates(ZipFile zip, ImageUpload upload) {
        List<ZipArchiveEntry> files = new ArrayList<>();
        List<String[]> paths = new ArrayList<>();
        long total = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            String name = entry.getName();
            String unsafe = unsafe(name);
            if (unsafe != null) {
                throw new ImageFormatException("file", "entry '" + printable(name) + "' " + unsafe
                        + "; the archive is refused");
            }
            if (entry.isUnixSymlink()) {
                throw new ImageFormatException("file", "entry '" + printable(name) + "' is a symbolic link; archives "
                        + "with links are refused");
            }
            if (entry.isDirectory()) {
                continue;
            }
            long size = entry.getSize();
            long compressed = entry.getCompressedSize();
            total += Math.max(size, 0);
            if (total > limits.maxUncompressedSize().toBytes()) {
                throw new PayloadTooLarge("the archive expands to more than " + Sizes.human(limits.maxUncompressedSize())
                        + " (kiln.datasets.images.max-uncompressed-size)");
            }
            if (size > RATIO_CHECKED_ABOVE && compressed > 0 && size / compressed > limits.maxCompressionRatio()) {
                throw new ImageFormatException("file", "entry '" + printable(name) + "' expands " + size / compressed
                        + " times (" + compressed + " to " + size + " bytes), more than the limit of "
                        + limits.maxCompressionRatio() + " (kiln.datasets.images.max-compression-ratio); "
                        + "the archive is refused");
            }
            String[] segments = java.util.Arrays.stream(name.replace('\\', '/').split("/"))
                    .filter(s -> !s.isEmpty() && !s.equals(".")).toArray(String[]::new);
            if (segments.length == 0) {
                continue;
            }
            if (java.util.Arrays.stream(segments).anyMatch(s -> s.startsWith(".") || s.equals("__MACOSX"))) {
                upload.ignore();
                continue;
            }
            files.add(entry);
            paths.add(segments);
        }
        int root = wrappingFolders(paths);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            ZipArchiveEntry entry = files.get(i);
            String[] segments = paths.get(i);
            String path = String.join("/", segments);
            String extension = ImageDecoder.extension(path);
            if (segments.length - root < 2) {
                upload.skip(path, "not in a class folder");
            } else if (ARCHIVES.contains(extension)) {
                upload.skip(path, "nested archive (not extracted)");
            } else if (!ImageDecoder.EXTENSIONS.contains(extension)) {
                upload.skip(path, "not an image file (" + (extension.isEmpty() ? "no extension" : "." + extension)
                        + "); images are .png, .jpg, .jpeg, .bmp or .gif");
            } else if (!zip.canReadEntryData(entry)) {
                upload.skip(path, "encrypted or compressed with an unsupported method");
            } else if (entry.getSize() > limits.maxFileSize().toBytes()) {
                upload.skip(path, "larger than " + Sizes.human(limits.maxFileSize()) + " (kiln.datasets.images.max-file-size)");
            } else if (segments[root].length() > 200) {
                upload.skip(path, "the class folder's name is longer than 200 characters");
            } else {
                candidates.add(new Candidate(entry, path, segments[root]));
            }
        }
        Comparator<String> classes = ImageSetFile.naturalOrder(candidates.stream().map(Candidate::label).distinct()
                .toList());
        candidates.sort(Comparator.comparing(Candidate::label, classes).thenComparing(Candidate::path));
        return candidates;
    }

    /** How many leading folders wrap everything: all files share them and sit at least two levels below. */
    private static int wrappingFolders(List<String[]> paths) {
        int depth = 0;
        while (!paths.isEmpty()) {
            String first = null;
            for (String[] p : paths) {
                if (p.length < depth + 3 || first != null && !first.equals(p[depth])) {
                    return depth;
                }
                first = p[depth];
            }
            depth++;
        }
        return depth;
    }

    /** Reads every candidate's header: its size counts towards the most common, and it must look decodable. */
    private List<Probed> probe(ZipFile zip, List<Candidate> candidates, ImageUpload upload) {
        List<Probed> readable = new ArrayList<>();
        for (Candidate c : candidates) {
            try {
                byte[] data = bytes(zip, c);
                if (nestedArchive(data)) {
                    upload.skip(c.path(), "nested archive (not extracted)");
                    continue;
                }
                ImageDecoder.Header header = ImageDecoder.probe(data, limits.maxPixelsPerImage());
                upload.sized(header.height(), header.width());
                readable.add(new Probed(c, header.gray()));
            } catch (ImageDecoder.Unreadable e) {
                upload.skip(c.path(), e.getMessage());
            }
        }
        return readable;
    }

    /** An entry's bytes, at most as many as its header declares. */
    private static byte[] bytes(ZipFile zip, Candidate c) throws ImageDecoder.Unreadable {
        long declared = c.entry().getSize();
        try (InputStream in = zip.getInputStream(c.entry())) {
            byte[] data = in.readNBytes(Math.toIntExact(Math.max(declared, 0)));
            if (in.read() != -1) {
                throw new ImageFormatException("file", "entry '" + printable(c.path()) + "' expands beyond the "
                        + declared + " bytes its header declares; the archive is refused");
            }
            return data;
        } catch (IOException e) {
            throw new ImageDecoder.Unreadable("damaged archive entry (" + e.getMessage() + ")");
        }
    }

    private static boolean nestedArchive(byte[] data) {
        return data.length >= 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4
                || data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static void checkDecodedSize(long images, ImageShape shape, DatasetSettings.Images limits) {
        long bytes = images * shape.size();
        long limit = Math.min(limits.maxDecodedSize().toBytes(), Integer.MAX_VALUE - 64);
        if (bytes > limit) {
            throw new PayloadTooLarge(images + " images of " + shape + " take " + bytes + " bytes decoded, more than "
                    + "the limit of " + limit + " (kiln.datasets.images.max-decoded-size); choose a smaller imageSize");
        }
    }

    /** Why an entry name is unsafe to use as a path, or null. */
    static String unsafe(String name) {
        if (name.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        String path = name.replace('\\', '/');
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return "has an absolute path";
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                return "climbs out of the archive with '..'";
            }
        }
        return null;
    }

    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    private static String skips(ImageUpload upload) {
        if (upload.skippedCount() == 0) {
            return "";
        }
        var first = upload.skipped().isEmpty() ? null : upload.skipped().get(0);
        return "; " + upload.skippedCount() + " file(s) skipped" + (first == null ? ""
                : ", e.g. " + first.file() + ": " + first.reason());
    }

    /**
     * The entry count from the end-of-central-directory record (or its ZIP64 form), read before the directory
     * itself so that an archive claiming millions of entries costs nothing; -1 when there is no such record.
     */
    static long entryCount(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        int tail = (int) Math.min(size, 22 + 65_535);
        if (tail < 22) {
            return -1;
        }
        ByteBuffer buffer = read(channel, size - tail, tail);
        for (int i = tail - 22; i >= 0; i--) {
            if (buffer.getInt(i) != 0x06054b50) {
                continue;
            }
            long total = buffer.getShort(i + 10) & 0xffff;
            if (total == 0xffff && i >= 20 && buffer.getInt(i - 20) == 0x07064b50) {
                long record = buffer.getLong(i - 20 + 8);
                if (record >= 0 && record + 40 <= size) {
                    ByteBuffer zip64 = read(channel, record, 40);
                    if (zip64.getInt(0) == 0x06064b50) {
                        total = zip64.getLong(32);
                    }
                }
            }
            return total < 0 ? Long.MAX_VALUE : total;
        }
        return -1;
    }

    private static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(position);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading
        }
        buffer.flip();
        return buffer;
    }
}
