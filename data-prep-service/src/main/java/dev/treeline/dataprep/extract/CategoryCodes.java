package dev.treeline.dataprep.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The codes of one column's values, looked up by the bytes the warehouse sent: a value keeps the code it got first
 * (codes 0, 1, 2, ... in order of first appearance, after those loaded from the model's dictionary). The lookup
 * allocates nothing (open addressing over the value bytes); only a new value is copied and decoded once. Not
 * thread-safe: one per column of one extraction.
 */
final class CategoryCodes {

    private final List<String> values = new ArrayList<>();
    private final int stored;
    private byte[][] keys = new byte[64][];
    private int[] codes = new int[64];
    private int mask = 63;

    /** @param stored the values by code from earlier runs (the model's dictionary) */
    CategoryCodes(List<String> stored) {
        for (String value : stored) {
            add(value.getBytes(StandardCharsets.UTF_8));
        }
        this.stored = stored.size();
    }

    /** The value's code, or -1 when it has none yet. */
    int code(byte[] value) {
        int slot = hash(value) & mask;
        while (true) {
            byte[] key = keys[slot];
            if (key == null) {
                return -1;
            }
            if (Arrays.equals(key, value)) {
                return codes[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Gives a value without a code the next one; returns it. */
    int add(byte[] value) {
        if ((values.size() + 1) * 2 > keys.length) {
            grow();
        }
        int code = values.size();
        byte[] copy = value.clone(); // the driver may reuse its arrays
        values.add(new String(copy, StandardCharsets.UTF_8));
        insert(copy, code);
        return code;
    }

    /** Number of codes (stored and new). */
    int size() {
        return values.size();
    }

    /** Every value by code: the dictionary after this run. */
    List<String> values() {
        return List.copyOf(values);
    }

    /** Values this run added, by code from {@link #firstNew()}. */
    List<String> added() {
        return List.copyOf(values.subList(stored, values.size()));
    }

    /** The first code this run gave. */
    int firstNew() {
        return stored;
    }

    private void insert(byte[] key, int code) {
        int slot = hash(key) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        codes[slot] = code;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        int[] oldCodes = codes;
        keys = new byte[oldKeys.length * 2][];
        codes = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldCodes[i]);
            }
        }
    }

    private static int hash(byte[] value) {
        int h = 1;
        for (byte b : value) {
            h = 31 * h + b;
        }
        return h ^ (h >>> 16);
    }
}
