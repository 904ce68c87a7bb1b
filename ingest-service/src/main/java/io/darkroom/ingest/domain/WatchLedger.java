package io.darkroom.ingest.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import io.darkroom.contracts.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a watch folder has done with each file version, kept in one JSON file ({@code <watch>.ledger.json}) so that a
 * restart never submits a file twice. Every change rewrites the whole file atomically: write a temporary file in the
 * same folder, force it to disk, rename it over the old one (so a crash leaves the old or the new ledger, never half
 * of one). Not thread-safe by itself: one scanner thread owns it.
 */
public final class WatchLedger {

    public enum Status {
        SUBMITTED,
        REJECTED
    }

    /**
     * One file's last outcome.
     *
     * @param size        size of the version handled
     * @param mtimeMillis its modification time
     * @param status      submitted or rejected
     * @param jobId       the job it became (submitted), else null
     * @param reason      why it was rejected (problems and messages), else null
     * @param at          when
     * @param sidecar     {@code size:mtime} of the sidecar used, or null when there was none; a rejected file is tried
     *                    again when its sidecar changes
     */
    public record Entry(
            long size, long mtimeMillis, Status status, String jobId, String reason, Instant at, String sidecar) {

        public boolean sameVersion(long size, long mtimeMillis) {
            return this.size == size && this.mtimeMillis == mtimeMillis;
        }
    }

    /** The file's layout. */
    record Document(int schema, String watch, Map<String, Entry> files) {}

    static final int SCHEMA = 1;

    private final Path file;
    private final String watch;
    private final Map<String, Entry> files;

    private WatchLedger(Path file, String watch, Map<String, Entry> files) {
        this.file = file;
        this.watch = watch;
        this.files = files;
    }

    /**
     * Reads the ledger of {@code watch} in {@code folder} (created when missing); an absent file is an empty ledger.
     *
     * @throws IOException when the file exists but cannot be read or parsed: the caller must not guess (an empty
     *                     ledger would resubmit every file)
     */
    public static WatchLedger open(Path folder, String watch) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(watch + ".ledger.json");
        Map<String, Entry> files = new TreeMap<>();
        if (Files.exists(file)) {
            Document doc;
            try {
                doc = Json.mapper().readValue(file.toFile(), new TypeReference<Document>() {});
            } catch (IOException e) {
                throw new IOException("watch ledger " + file + " is unreadable: " + e.getMessage(), e);
            }
            if (doc.files() != null) {
                files.putAll(doc.files());
            }
        }
        return new WatchLedger(file, watch, files);
    }

    public Path file() {
        return file;
    }

    public Optional<Entry> get(String relPath) {
        return Optional.ofNullable(files.get(relPath));
    }

    public Map<String, Entry> entries() {
        return Map.copyOf(files);
    }

    /** Records an outcome and writes the ledger. On IOException the entry stays recorded in memory. */
    public void record(String relPath, Entry entry) throws IOException {
        files.put(relPath, entry);
        save();
    }

    private void save() throws IOException {
        byte[] bytes =
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new Document(SCHEMA, watch, files));
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename itself durable where the platform allows opening a folder (Linux does). */
    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: not every filesystem lets a folder be synced
        }
    }
}
