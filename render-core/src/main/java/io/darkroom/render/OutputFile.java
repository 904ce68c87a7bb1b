package io.darkroom.render;

import io.darkroom.contracts.AttemptFiles;
import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageException;
import io.darkroom.media.StorageRoots;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One attempt-unique output file: {@code <prefix>.<output>.a<attempt>-d<delivery>-<workerId>.<ext>}, written under
 * a {@code .part} name and promoted (renamed) once closed. Promotion never replaces an existing final file.
 */
final class OutputFile {
    private final String output;
    private final SourceRef finalRef;
    private final Path finalPath;
    private final Path partPath;

    private OutputFile(String output, SourceRef finalRef, Path finalPath, Path partPath) {
        this.output = output;
        this.finalRef = finalRef;
        this.finalPath = finalPath;
        this.partPath = partPath;
    }

    /** Resolves the names and creates the parent folder; refuses paths that leave their root. */
    static OutputFile create(
            StorageRoots roots,
            SourceRef prefix,
            String output,
            int attempt,
            int delivery,
            String workerId,
            String extension)
            throws RenderException {
        SourceRef ref = AttemptFiles.of(prefix, output, attempt, delivery, workerId, extension);
        try {
            Path path = roots.resolveForWrite(ref);
            Path part = path.resolveSibling(path.getFileName() + ".part");
            Files.deleteIfExists(part);
            return new OutputFile(output, ref, path, part);
        } catch (StorageException | IOException e) {
            throw new RenderException(FailureReason.STORAGE, "cannot prepare output " + ref + ": " + e.getMessage(), e);
        }
    }

    String output() {
        return output;
    }

    SourceRef finalRef() {
        return finalRef;
    }

    Path partPath() {
        return partPath;
    }

    Path finalPath() {
        return finalPath;
    }

    /** Renames the closed .part file to its final name; returns the final size. */
    long promote() throws RenderException {
        try {
            try {
                // a hard link fails atomically when the final name exists: never overwrites
                Files.createLink(finalPath, partPath);
                Files.delete(partPath);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(finalPath)) {
                    throw new FileAlreadyExistsException(finalPath.toString());
                }
                Files.move(partPath, finalPath);
            }
            return Files.size(finalPath);
        } catch (IOException e) {
            throw new RenderException(
                    FailureReason.STORAGE,
                    "cannot promote " + partPath.getFileName() + " to " + finalRef + ": " + e,
                    e);
        }
    }

    /** Removes the .part file after a failure; never throws. */
    void discard() {
        try {
            Files.deleteIfExists(partPath);
        } catch (IOException | RuntimeException e) {
            // best effort: a stale .part never becomes a final file
        }
    }
}
