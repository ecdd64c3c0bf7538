package dev.treeline.deployer.invocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.treeline.deployer.endpoint.ModelSchema;

/** The byte-level CSV parser reads every number exactly as Float.parseFloat does, and complains as before. */
class CsvRowsTest {

    @Test
    void numbersEqualFloatParseFloatBitForBit() {
        Random random = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 6) {
                case 0 -> Float.toString(random.nextFloat());
                case 1 -> Float.toString((random.nextFloat() - 0.5f) * 1e4f);
                case 2 -> Double.toString(random.nextDouble());
                case 3 -> String.format("%.7f", random.nextGaussian() * 100);
                case 4 -> Long.toString(random.nextLong() % 100_000_000L);
                default -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + "." + "0".repeat(random.nextInt(4))
                        + random.nextInt(100000);
            };
            if (text.contains("E")) {
                continue; // exponents go through Float.parseFloat itself
            }
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            float parsed = CsvRows.number(bytes, 0, bytes.length, 1, 1);
            assertThat(Float.floatToIntBits(parsed)).as(text).isEqualTo(Float.floatToIntBits(Float.parseFloat(text)));
        }
    }

    @Test
    void halfwayDecimalsFallBackToTheExactParser() {
        // 2^24 + 1 is halfway between two floats: rounding through double must not decide it.
        for (String text : new String[] { "16777217", "16777217.0", "0.1", "-0", "+3.5", "1.", "007.25" }) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            assertThat(Float.floatToIntBits(CsvRows.number(bytes, 0, bytes.length, 1, 1))).as(text)
                    .isEqualTo(Float.floatToIntBits(Float.parseFloat(text)));
        }
    }

    @Test
    void rowsLinesMissingValuesAndErrorsAreReadAsBefore() {
        CsvRows rows = CsvRows.parse("1, 2.5 ,,nan\r\n\n-3,4e1,0x1p3, NaN\n".getBytes(StandardCharsets.UTF_8));
        assertThat(rows.count()).isEqualTo(2);
        float[] flat = rows.flat("m", numeric(4));
        assertThat(flat[0]).isEqualTo(1f);
        assertThat(flat[1]).isEqualTo(2.5f);
        assertThat(flat[2]).isNaN();
        assertThat(flat[3]).isNaN();
        assertThat(flat[4]).isEqualTo(-3f);
        assertThat(flat[5]).isEqualTo(40f);
        assertThat(flat[6]).isEqualTo(8f);
        assertThat(flat[7]).isNaN();
        assertThatThrownBy(() -> rows.flat("m", numeric(3))).hasMessage("row 1 has 4 features but model 'm' expects 3");
        assertThatThrownBy(() -> CsvRows.parse("1,2\n\n3,abc".getBytes(StandardCharsets.UTF_8)).flat("m", numeric(2)))
                .hasMessage("line 3, column 2: 'abc' is not a number");
        assertThatThrownBy(() -> CsvRows.parse("1,Infinity".getBytes(StandardCharsets.UTF_8)).flat("m", numeric(2)))
                .hasMessage("line 1, column 2: 'Infinity' is not a number");
        assertThatThrownBy(() -> CsvRows.parse("\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("request body has no rows");
    }

    static ModelSchema numeric(int features) {
        return ModelSchema.numeric(features, null);
    }
}
