package io.darkroom.ingest.domain;

import io.darkroom.contracts.Actor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Idempotency-Key of a watch-folder submission: {@code watch:<name>:<sha-256 of path, size, mtime>}. The same
 * version of the same file always gives the same key, hence the same jobId ({@link JobIds#forIdempotencyKey}), so a
 * resubmission after a lost ledger write is dropped by process-service. The hash keeps the key within 200 characters
 * and free of control characters whatever the file is called.
 */
public final class WatchKeys {
    private WatchKeys() {}

    public static String idempotencyKey(String watch, String relPath, long size, long mtimeMillis) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((relPath + '\0' + size + '\0' + mtimeMillis).getBytes(StandardCharsets.UTF_8));
            return "watch:" + watch + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The job id the watch folder's submission gets, submitted as {@code identity} (its service identity). */
    public static String jobId(Actor identity, String watch, String relPath, long size, long mtimeMillis) {
        return JobIds.forIdempotencyKey(identity, idempotencyKey(watch, relPath, size, mtimeMillis));
    }
}
