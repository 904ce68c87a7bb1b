package io.darkroom.process.service;

import io.darkroom.provenance.Sha256;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The sha256 of each source, for the provenance manifests, read while the job renders instead of after it: a
 * source is hashed once its job is planned ({@link #ahead}), on one thread of its own (reading is what it costs), and
 * every output of the clip then takes that hash ({@link #sha256}). A camera original of tens of gigabytes used to be
 * read once per output after the last segment, on the job's critical path. A hash is kept for a file as long as
 * its size and modification time stay as they were when it was read; a file changed since is read again.
 */
@ApplicationScoped
public class SourceHashes {
    private static final Logger LOG = Logger.getLogger(SourceHashes.class);
    /** Files whose hashes are kept (least recently used go first). */
    static final int MAX_ENTRIES = 4096;

    private final Function<Path, String> hasher;
    private final ExecutorService reader;
    private final Map<FileStamp, Entry> known = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<FileStamp, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public SourceHashes() {
        this(Sha256::of);
    }

    SourceHashes(Function<Path, String> hasher) {
        this.hasher = hasher;
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "darkroom-source-hash");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** A hash being read or read; {@code started} once a thread reads the file for it. */
    private static final class Entry {
        final CompletableFuture<String> hash = new CompletableFuture<>();
        final AtomicBoolean started = new AtomicBoolean();
    }

    /** Starts reading the file's hash in the background, unless it is known or queued; never throws. */
    public void ahead(Path file) {
        Entry entry;
        try {
            FileStamp key = FileStamp.of(file);
            synchronized (known) {
                if (known.containsKey(key)) {
                    return;
                }
                entry = new Entry();
                known.put(key, entry);
            }
            reader.execute(() -> read(file, entry));
        } catch (IOException | RejectedExecutionException e) {
            LOG.debugf("source %s not hashed ahead: %s", file, e.getMessage());
        }
    }

    /**
     * The file's sha256: the one read ahead when the file is unchanged since (waiting for a read under way), else
     * read now.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public String sha256(Path file) {
        FileStamp key;
        try {
            key = FileStamp.of(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Entry entry;
        synchronized (known) {
            entry = known.computeIfAbsent(key, k -> new Entry());
        }
        // read here unless the background thread already is (or was): a queued read behind another job's big
        // source must not hold this output back
        read(file, entry);
        try {
            return entry.hash.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Whether a hash of the file as it is now was read, or is being read or queued. */
    public boolean known(Path file) {
        try {
            FileStamp key = FileStamp.of(file);
            synchronized (known) {
                return known.containsKey(key);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void read(Path file, Entry entry) {
        if (!entry.started.compareAndSet(false, true)) {
            return;
        }
        try {
            entry.hash.complete(hasher.apply(file));
        } catch (RuntimeException e) {
            entry.hash.completeExceptionally(e);
            synchronized (known) {
                known.values().remove(entry);
            }
        }
    }

    @PreDestroy
    void stop() {
        reader.shutdownNow();
    }
}
