package dev.treeline.deployer.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One categorical feature's dictionary: raw value → code (the value's index in the schema's categories). Exact
 * match, case and spaces included (data-prep coded exactly these strings). Looks up UTF-8 bytes straight from a
 * request body (open addressing, no String per field) and Java strings from JSON. Immutable, thread-safe.
 */
public final class CategoryDictionary {

    /** What a lookup answers for a value the model never saw: the caller treats it as missing and counts it. */
    public static final int UNSEEN = -1;

    private final String feature;
    private final Map<String, Integer> byString;
    private final byte[][] keys;
    private final int[] codes;
    private final int mask;

    CategoryDictionary(String feature, List<String> categories) {
        this(feature, categories, null);
    }

    /**
     * @param trained the codes the model trained on ({@code DatasetSchema.TRAINED_CODES_ATTRIBUTE}); the other
     *                values are looked up as {@link #UNSEEN}. Null: every code is trained on.
     */
    CategoryDictionary(String feature, List<String> categories, java.util.Set<Integer> trained) {
        this.feature = feature;
        this.byString = new HashMap<>(categories.size() * 2);
        int capacity = Integer.highestOneBit(Math.max(4, categories.size() * 2 - 1)) << 1;
        this.keys = new byte[capacity][];
        this.codes = new int[capacity];
        this.mask = capacity - 1;
        Map<String, Integer> listed = new HashMap<>(categories.size() * 2);
        for (int code = 0; code < categories.size(); code++) {
            String value = categories.get(code);
            if (listed.putIfAbsent(value, code) != null) {
                throw new IllegalArgumentException("categorical feature '" + feature + "' lists the value '" + value
                        + "' twice (codes " + listed.get(value) + " and " + code + ")");
            }
            if (trained != null && !trained.contains(code)) {
                continue; // coded by data-prep, but this model never saw it: unseen for this model
            }
            byString.put(value, code);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int slot = hash(bytes, 0, bytes.length) & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = bytes;
            codes[slot] = code;
        }
    }

    public String feature() {
        return feature;
    }

    /** Values the model can use (trained on): the others look up as {@link #UNSEEN}. */
    public int size() {
        return byString.size();
    }

    /** Code of the value {@code bytes[from, to)} (UTF-8), or {@link #UNSEEN}. */
    public int code(byte[] bytes, int from, int to) {
        int slot = hash(bytes, from, to) & mask;
        byte[] key;
        while ((key = keys[slot]) != null) {
            if (Arrays.equals(key, 0, key.length, bytes, from, to)) {
                return codes[slot];
            }
            slot = (slot + 1) & mask;
        }
        return UNSEEN;
    }

    /** Code of {@code value}, or {@link #UNSEEN}. */
    public int code(String value) {
        Integer code = byString.get(value);
        return code == null ? UNSEEN : code;
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
