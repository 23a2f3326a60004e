package dev.kiln.dataset;

import static dev.kiln.dataset.TestImages.entries;
import static dev.kiln.dataset.TestImages.gray;
import static dev.kiln.dataset.TestImages.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.domain.PayloadTooLarge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImageArchiveTest {
    private static final DatasetSettings.Images LIMITS = new DatasetSettings.Images(1000, DataSize.ofMegabytes(8), 100,
            DataSize.ofMegabytes(4), 1_000_000, DataSize.ofMegabytes(64), 100);

    private record Read(ImageSetFile.Index index, ImageProfile profile, byte[] pixels) {}

    private static Read read(byte[] archive) throws IOException {
        return read(archive, ImageOptions.none(), LIMITS);
    }

    private static Read read(byte[] archive, ImageOptions options, DatasetSettings.Images limits) throws IOException {
        var upload = new ImageUpload(ImageArchive.SOURCE, limits.listedSkips());
        var pixels = new ByteArrayOutputStream();
        var index = new ImageArchive(limits).read(new SeekableInMemoryByteChannel(archive), options, upload, pixels);
        return new Read(index, upload.profile(index), pixels.toByteArray());
    }

    private static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length * 2 / 3);
    }

    @Test
    void readsClassFoldersInClassOrderAndKeepsGrayValuesExactly() throws IOException {
        var read = read(zip(entries("dogs/b.png", gray(4, 5, 10, "png"), "cats/a.png", gray(4, 5, 20, "png"),
                "dogs/a.bmp", gray(4, 5, 30, "bmp"))));

        assertThat(read.index().classes()).containsExactly("cats", "dogs");
        assertThat(read.index().labels()).containsExactly(0, 1, 1);
        assertThat(read.index().sources()).containsExactly("cats/a.png", "dogs/a.bmp", "dogs/b.png");
        assertThat(read.profile().colorMode()).isEqualTo(ColorMode.GRAYSCALE);
        assertThat(read.profile().shape()).isEqualTo(new ImageShape(1, 4, 5));
        assertThat(read.pixels()).hasSize(3 * 20);
        assertThat(read.pixels()[0] & 0xff).isEqualTo(20);
        assertThat(read.pixels()[20 + 5 + 1] & 0xff).isEqualTo(30 + 7 + 3);
    }

    @Test
    void ordersNumericClassFoldersNumerically() throws IOException {
        var read = read(zip(entries("10/a.png", gray(2, 2, 0, "png"), "9/a.png", gray(2, 2, 0, "png"),
                "2/a.png", gray(2, 2, 0, "png"))));

        assertThat(read.index().classes()).containsExactly("2", "9", "10");
    }

    @Test
    void looksThroughOneWrappingFolder() throws IOException {
        var read = read(zip(entries("photos/cats/a.png", gray(3, 3, 0, "png"), "photos/dogs/b.png", gray(3, 3, 0, "png"))));

        assertThat(read.index().classes()).containsExactly("cats", "dogs");
    }

    @Test
    void resizesToTheMostCommonSizeUnlessASizeIsGiven() throws IOException {
        byte[] archive = zip(entries("a/1.png", gray(8, 8, 0, "png"), "a/2.png", gray(8, 8, 0, "png"),
                "b/3.png", gray(16, 12, 0, "png")));

        var common = read(archive);
        var sized = read(archive, new ImageOptions(6, 4, ColorMode.RGB, null), LIMITS);

        assertThat(common.profile().shape()).isEqualTo(new ImageShape(1, 8, 8));
        assertThat(common.profile().sourceSizes()).containsExactly(new ImageProfile.SourceSize(8, 8, 2),
                new ImageProfile.SourceSize(16, 12, 1));
        assertThat(sized.profile().shape()).isEqualTo(new ImageShape(3, 6, 4));
        assertThat(sized.pixels()).hasSize(3 * 3 * 6 * 4);
    }

    @Test
    void storesColorImagesAsRgbAndGrayOnRequestWithPilWeights() throws IOException {
        byte[] archive = zip(entries("red/1.png", TestImages.rgb(2, 2, 0xff0000, "png"),
                "blue/1.jpg", TestImages.rgb(2, 2, 0x0000ff, "png")));

        var rgb = read(archive);
        var gray = read(archive, new ImageOptions(null, null, ColorMode.GRAYSCALE, null), LIMITS);

        assertThat(rgb.profile().colorMode()).isEqualTo(ColorMode.RGB);
        assertThat(rgb.pixels()[4 * 3] & 0xff).as("red image, red plane").isEqualTo(255);
        assertThat(rgb.pixels()[4 * 5] & 0xff).as("red image, blue plane").isZero();
        assertThat(gray.pixels()[0] & 0xff).as("blue as luminance").isEqualTo(29);
        assertThat(gray.pixels()[4] & 0xff).as("red as luminance").isEqualTo(76);
    }

    @Test
    void refusesAnArchiveThatExpandsBeyondItsLimit() {
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(noise);
        byte[] archive = zip(entries("a/1.png", noise, "a/2.png", noise, "a/3.png", noise));

        assertThatThrownBy(() -> read(archive)).isInstanceOf(PayloadTooLarge.class)
                .hasMessageContaining("expands to more than 8 MB");
    }

    @Test
    void refusesAnEntryThatExpandsMoreThanTheAllowedRatio() {
        byte[] archive = zip(entries("a/bomb.png", new byte[5 * 1024 * 1024]));

        assertThatThrownBy(() -> read(archive)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("'a/bomb.png' expands").hasMessageContaining("max-compression-ratio");
    }

    @Test
    void refusesMoreEntriesThanAllowedBeforeReadingTheDirectory() {
        var limits = new DatasetSettings.Images(3, DataSize.ofMegabytes(8), 100, DataSize.ofMegabytes(4), 1_000_000,
                DataSize.ofMegabytes(64), 100);
        byte[] archive = zip(entries("a/1.png", gray(2, 2, 0, "png"), "a/2.png", gray(2, 2, 0, "png"),
                "b/3.png", gray(2, 2, 0, "png"), "b/4.png", gray(2, 2, 0, "png")));

        assertThatThrownBy(() -> read(archive, ImageOptions.none(), limits)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("lists 4 entries, more than the limit of 3");
    }

    @Test
    void refusesEntriesThatClimbOutOfTheArchive() {
        byte[] archive = zip(entries("a/1.png", gray(2, 2, 0, "png"), "a/../../evil.png", gray(2, 2, 0, "png")));

        assertThatThrownBy(() -> read(archive)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("'a/../../evil.png' climbs out of the archive");
    }

    @Test
    void refusesAbsolutePaths() {
        assertThatThrownBy(() -> read(zip(entries("/etc/cron.d/x.png", gray(2, 2, 0, "png")))))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> read(zip(entries("C:\\Windows\\x.png", gray(2, 2, 0, "png")))))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("absolute path");
    }

    @Test
    void refusesSymbolicLinks() {
        byte[] archive = TestImages.zipWithSymlink("a/passwd.png", "/etc/passwd");

        assertThatThrownBy(() -> read(archive)).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("'a/passwd.png' is a symbolic link");
    }

    @Test
    void skipsAndReportsNestedArchivesNonImagesTruncatedImagesAndLooseFiles() throws IOException {
        byte[] inner = zip(entries("x/1.png", gray(2, 2, 0, "png")));
        var read = read(zip(entries(
                "a/1.png", gray(6, 6, 0, "png"),
                "b/2.png", gray(6, 6, 1, "png"),
                "a/inner.zip", inner,
                "a/disguised.png", inner,
                "a/notes.txt", "hello".getBytes(),
                "b/cut.png", truncated(gray(6, 6, 2, "png")),
                "b/cut.jpg", truncated(gray(64, 64, 3, "jpg")),
                "loose.png", gray(6, 6, 4, "png"),
                "__MACOSX/a/._1.png", new byte[10],
                "a/.DS_Store", new byte[10])));

        assertThat(read.index().count()).isEqualTo(2);
        assertThat(read.profile().skippedCount()).isEqualTo(6);
        assertThat(read.profile().ignored()).isEqualTo(2);
        assertThat(read.profile().skipped()).extracting(ImageProfile.Skipped::file, ImageProfile.Skipped::reason)
                .anySatisfy(s -> assertThat(s.toList()).containsExactly("a/inner.zip", "nested archive (not extracted)"))
                .anySatisfy(s -> assertThat(s.toList()).containsExactly("a/disguised.png",
                        "nested archive (not extracted)"))
                .anySatisfy(s -> assertThat(s.toList().get(1).toString()).startsWith("not an image file (.txt)"))
                .anySatisfy(s -> assertThat(s.toList()).containsExactly("loose.png", "not in a class folder"));
        assertThat(read.profile().skipped()).filteredOn(s -> s.file().startsWith("b/cut"))
                .extracting(ImageProfile.Skipped::reason).hasSize(2)
                .allSatisfy(reason -> assertThat(reason).containsAnyOf("unreadable", "damaged"));
    }

    @Test
    void listsOnlyTheFirstSkipsButCountsThemAll() throws IOException {
        var limits = new DatasetSettings.Images(1000, DataSize.ofMegabytes(8), 100, DataSize.ofMegabytes(4), 1_000_000,
                DataSize.ofMegabytes(64), 2);
        var read = read(zip(entries("a/1.png", gray(2, 2, 0, "png"), "a/1.txt", new byte[1], "a/2.txt", new byte[1],
                "a/3.txt", new byte[1])), ImageOptions.none(), limits);

        assertThat(read.profile().skippedCount()).isEqualTo(3);
        assertThat(read.profile().skipped()).hasSize(2);
    }

    @Test
    void skipsImagesWhoseHeaderClaimsTooManyPixels() throws IOException {
        var limits = new DatasetSettings.Images(1000, DataSize.ofMegabytes(8), 100, DataSize.ofMegabytes(4), 100,
                DataSize.ofMegabytes(64), 100);
        var read = read(zip(entries("a/small.png", gray(5, 5, 0, "png"), "a/big.png", gray(50, 50, 0, "png"))),
                ImageOptions.none(), limits);

        assertThat(read.index().count()).isEqualTo(1);
        assertThat(read.profile().skipped()).singleElement().satisfies(s ->
                assertThat(s.reason()).contains("50x50").contains("max-pixels-per-image"));
    }

    @Test
    void refusesAnArchiveWithoutImagesInClassFolders() {
        assertThatThrownBy(() -> read(zip(entries("readme.txt", "hi".getBytes(), "a.png", gray(2, 2, 0, "png")))))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("no image in a class folder");
        assertThatThrownBy(() -> read("not a zip at all".getBytes())).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("not a ZIP archive");
    }

    @Test
    void refusesDecodedImagesLargerThanTheLimit() {
        var limits = new DatasetSettings.Images(1000, DataSize.ofMegabytes(8), 100, DataSize.ofMegabytes(4), 1_000_000,
                DataSize.ofBytes(100), 100);
        byte[] archive = zip(entries("a/1.png", gray(8, 8, 0, "png"), "b/2.png", gray(8, 8, 0, "png")));

        assertThatThrownBy(() -> read(archive, ImageOptions.none(), limits)).isInstanceOf(PayloadTooLarge.class)
                .hasMessageContaining("max-decoded-size");
    }

    @Test
    void countsEntriesFromTheEndRecord() throws IOException {
        byte[] archive = zip(entries("a/1.png", new byte[1], "a/2.png", new byte[1], "b/3.png", new byte[1]));

        assertThat(ImageArchive.entryCount(new SeekableInMemoryByteChannel(archive))).isEqualTo(3);
        assertThat(ImageArchive.entryCount(new SeekableInMemoryByteChannel(new byte[100]))).isEqualTo(-1);
    }

}
