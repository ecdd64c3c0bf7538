package dev.treeline.dataprep.definition;

/**
 * Where a change comes from and who makes it.
 *
 * @param source {@link StoredDefinition#SOURCE_API} or {@link StoredDefinition#SOURCE_FOLDER}
 * @param origin the file, relative to the definitions folder; null for the API
 * @param by     the token's user, or {@code folder}
 */
public record DefinitionSource(String source, String origin, String by) {

    public static final String FOLDER_USER = "folder";

    public static DefinitionSource api(String user) {
        return new DefinitionSource(StoredDefinition.SOURCE_API, null, user);
    }

    public static DefinitionSource folder(String file) {
        return new DefinitionSource(StoredDefinition.SOURCE_FOLDER, file, FOLDER_USER);
    }

    public boolean api() {
        return StoredDefinition.SOURCE_API.equals(source);
    }
}
