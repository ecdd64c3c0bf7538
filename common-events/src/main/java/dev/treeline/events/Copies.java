package dev.treeline.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only copies for collection fields, so a published event cannot be changed afterwards.
 * Unlike {@code List.copyOf} they keep nulls (nulls inside are reported by validation with a
 * path, not by a bare NullPointerException) and keep the order of maps.
 */
public final class Copies {

    private Copies() {
    }

    public static <T> List<T> list(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    public static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Like {@link #list}, but absent becomes empty: for optional lists of documents, where absent means none. */
    public static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list(list);
    }

    /** Like {@link #map}, but absent becomes empty. */
    public static <K, V> Map<K, V> mapOrEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map(map);
    }
}
