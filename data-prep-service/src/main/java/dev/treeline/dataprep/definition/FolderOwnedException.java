package dev.treeline.dataprep.definition;

import dev.treeline.support.errors.ConflictException;

/** An API change to a model whose current revision came from the definitions folder (409). */
public class FolderOwnedException extends ConflictException {

    public FolderOwnedException(StoredDefinition current, String folder) {
        super("model " + current.name() + " is defined by file " + current.origin() + " in the definitions folder "
                + folder + "; change the file instead");
    }
}
