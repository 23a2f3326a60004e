package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one-pass standardization of Latin text gives what NFC, String.toLowerCase and stripping give. */
class TokensTest {
    private static final String PUNCTUATION = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~'";

    private static String reference(String cell, boolean lower, boolean strip) {
        String text = Normalizer.normalize(cell, Normalizer.Form.NFC);
        if (lower) {
            text = text.toLowerCase(Locale.ROOT);
        }
        if (strip) {
            StringBuilder kept = new StringBuilder();
            text.codePoints().filter(c -> c > 127 || PUNCTUATION.indexOf(c) < 0).forEach(kept::appendCodePoint);
            text = kept.toString();
        }
        return text;
    }

    @ParameterizedTest(name = "lower {0}, strip punctuation {1}")
    @CsvSource({"true, true", "true, false", "false, true", "false, false"})
    void standardizesEveryCharBelowCombiningMarksAsTheGeneralPathDoes(boolean lower, boolean strip) {
        for (char c = 0; c < 0x300; c++) {
            String cell = "A" + c + "b";
            assertThat(Tokens.standardized(cell, lower, strip)).as("U+%04X", (int) c)
                    .isEqualTo(reference(cell, lower, strip));
        }
        Random random = new Random(7);
        for (int n = 0; n < 2000; n++) {
            StringBuilder cell = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                cell.append((char) (random.nextInt(4) == 0 ? 0x2C0 + random.nextInt(0x80) : random.nextInt(0x180)));
            }
            assertThat(Tokens.standardized(cell.toString(), lower, strip))
                    .isEqualTo(reference(cell.toString(), lower, strip));
        }
    }
}
