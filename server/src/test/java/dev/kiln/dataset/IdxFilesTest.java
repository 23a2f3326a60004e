package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class IdxFilesTest {
    static final Path SUBSET = Path.of("src/test/resources/fashion-mnist");
    private static final DatasetSettings.Images LIMITS = new DatasetSettings.Images(1000, DataSize.ofMegabytes(8), 100,
            DataSize.ofMegabytes(4), 1_000_000, DataSize.ofMegabytes(64), 100);

    private record Read(ImageSetFile.Index index, ImageProfile profile, byte[] pixels) {}

    private static Read read(byte[] images, byte[] labels, ImageOptions options) throws IOException {
        var upload = new ImageUpload(IdxFiles.SOURCE, 100);
        var pixels = new ByteArrayOutputStream();
        var index = IdxFiles.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels), options, LIMITS,
                upload, pixels);
        return new Read(index, upload.profile(index), pixels.toByteArray());
    }

    static byte[] resource(String name) throws IOException {
        return Files.readAllBytes(SUBSET.resolve(name));
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] idx(int dimensions, int... sizesThenData) {
        var buffer = ByteBuffer.allocate(4 + 4 * dimensions + sizesThenData.length - dimensions);
        buffer.put(new byte[] {0, 0, 8, (byte) dimensions});
        for (int i = 0; i < dimensions; i++) {
            buffer.putInt(sizesThenData[i]);
        }
        for (int i = dimensions; i < sizesThenData.length; i++) {
            buffer.put((byte) sizesThenData[i]);
        }
        return buffer.array();
    }

    @Test
    void readsGzippedFashionMnistWithItsPixelsUnchanged() throws IOException {
        byte[] images = resource("train-images-idx3-ubyte.gz");
        byte[] labels = resource("train-labels-idx1-ubyte.gz");

        var read = read(images, labels, ImageOptions.none());

        assertThat(read.index().count()).isEqualTo(600);
        assertThat(read.profile().shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(read.index().classes()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(read.pixels()).isEqualTo(Arrays.copyOfRange(gunzip(images), 16, 16 + 600 * 784));
        byte[] rawLabels = gunzip(labels);
        for (int i = 0; i < 600; i++) {
            assertThat(read.index().labels()[i]).isEqualTo(rawLabels[8 + i]);
        }
        assertThat(read.profile().classes().stream().mapToLong(ValueCount::count).sum()).isEqualTo(600);
    }

    @Test
    void readsUncompressedFilesAndNamesClassesInLabelOrder() throws IOException {
        byte[] images = idx(3, 3, 1, 2, 10, 20, 30, 40, 50, 60);
        byte[] labels = idx(1, 3, 2, 0, 2);

        var read = read(images, labels, ImageOptions.parse(null, null, "zero,one,two"));

        assertThat(read.index().classes()).containsExactly("zero", "two");
        assertThat(read.index().labels()).containsExactly(1, 0, 1);
        assertThat(read.pixels()).containsExactly(10, 20, 30, 40, 50, 60);
    }

    @Test
    void resizesAndConvertsToRgbOnRequest() throws IOException {
        byte[] images = idx(3, 1, 2, 2, 0, 100, 200, 255);
        byte[] labels = idx(1, 1, 0);

        var read = read(images, labels, ImageOptions.parse("4", "rgb", null));

        assertThat(read.profile().shape()).isEqualTo(new ImageShape(3, 4, 4));
        assertThat(read.pixels()).hasSize(48);
        assertThat(Arrays.copyOfRange(read.pixels(), 0, 16)).isEqualTo(Arrays.copyOfRange(read.pixels(), 32, 48));
        assertThat(read.pixels()[0] & 0xff).isZero();
        assertThat(read.pixels()[15] & 0xff).isEqualTo(255);
    }

    @Test
    void refusesLabelsThatDoNotMatchTheImages() {
        byte[] images = idx(3, 2, 1, 1, 5, 6);

        assertThatThrownBy(() -> read(images, idx(1, 3, 0, 1, 1), ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("3 labels, the images file 2 images");
    }

    @Test
    void refusesTruncatedFilesAndTrailingData() throws IOException {
        byte[] images = gunzip(resource("test-images-idx3-ubyte.gz"));
        byte[] labels = gunzip(resource("test-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> read(Arrays.copyOf(images, images.length - 100), labels, ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("ends inside image 200 of 200");
        assertThatThrownBy(() -> read(Arrays.copyOf(images, images.length + 1), labels, ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("more data follows the 200 images");
        assertThatThrownBy(() -> read(images, Arrays.copyOf(labels, labels.length - 1), ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("declares 200 labels, the file holds 199");
        byte[] gz = resource("test-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> read(Arrays.copyOf(gz, gz.length / 2), labels, ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).extracting(e -> ((ImageFormatException) e).field())
                .isEqualTo("images");
    }

    @Test
    void refusesSwappedPartsAndOtherValueTypes() {
        byte[] images = idx(3, 1, 1, 1, 5);
        byte[] labels = idx(1, 1, 0);
        byte[] floats = images.clone();
        floats[2] = 0x0d;

        assertThatThrownBy(() -> read(labels, images, ImageOptions.none())).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("is it the images file?");
        assertThatThrownBy(() -> read(floats, labels, ImageOptions.none())).isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("type 0xd");
        assertThatThrownBy(() -> read("a,b\n1,2\n".getBytes(), labels, ImageOptions.none()))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("not an IDX file");
    }

    @Test
    void refusesTooFewClassNames() {
        assertThatThrownBy(() -> read(idx(3, 2, 1, 1, 5, 6), idx(1, 2, 0, 4), ImageOptions.parse(null, null, "a,b")))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("2 names given, but label 4 occurs");
    }

    @Test
    void parsesImageOptionsAndRefusesBadOnes() {
        assertThat(ImageOptions.parse("28", null, null)).isEqualTo(new ImageOptions(28, 28, null, null));
        assertThat(ImageOptions.parse("[32, 48]", "RGB", "a, b")).isEqualTo(new ImageOptions(32, 48, ColorMode.RGB,
                List.of("a", "b")));
        assertThatThrownBy(() -> ImageOptions.parse("0", "sepia", "a,a")).isInstanceOfSatisfying(
                dev.kiln.domain.InvalidRequest.class, e -> assertThat(e.violations()).extracting(v -> v.field())
                        .containsExactly("imageSize", "colorMode", "classNames"));
    }
}
