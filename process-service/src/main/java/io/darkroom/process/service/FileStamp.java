package io.darkroom.process.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A file as it is now: its absolute path, size and modification time. What was read from a file ({@link SourceHashes}'
 * hash, {@link PosterFrames}' poster) holds while its stamp stays the same.
 */
record FileStamp(Path file, long size, long modifiedNanos) {
    static FileStamp of(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileStamp(
                file.toAbsolutePath().normalize(),
                a.size(),
                a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
    }
}
