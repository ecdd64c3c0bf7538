package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import dev.treeline.events.definition.SplitSpec;

/** Where a row goes, decided only by its key: the same rows always land in the same split. */
public enum Split {
    TRAIN("train"), VALIDATION("validation"), TEST("test");

    private final String fileName;

    Split(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    /** Assigns keys by a stable 32-bit hash mapped onto [0, 1) and cut at the definition's fractions. */
    public static final class Assigner {
        private final double trainBelow;
        private final double validationBelow;

        public Assigner(SplitSpec ratios) {
            this.trainBelow = ratios.train();
            this.validationBelow = ratios.train() + ratios.validation();
        }

        public Split of(String key) {
            return of(key.getBytes(StandardCharsets.UTF_8));
        }

        /** The key's UTF-8 bytes, e.g. as the warehouse sent them. */
        public Split of(byte[] key) {
            CRC32C crc = new CRC32C();
            crc.update(key);
            double u = crc.getValue() / 4294967296.0;
            return u < trainBelow ? TRAIN : u < validationBelow ? VALIDATION : TEST;
        }
    }
}
