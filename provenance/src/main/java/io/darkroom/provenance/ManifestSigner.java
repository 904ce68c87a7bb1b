package io.darkroom.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Writes {@code <output>.provenance.json} beside an output:
 * {@code {"manifest": {...}, "signature": {"alg", "keyId", "publicKey", "value"}}}, the value being the Ed25519
 * signature over the canonical bytes of the manifest ({@link CanonicalJson}).
 */
public final class ManifestSigner {
    public static final String SUFFIX = ".provenance.json";
    private static final Logger LOG = Logger.getLogger(ManifestSigner.class);

    private ManifestSigner() {}

    /** Where the manifest of {@code output} lives. */
    public static Path manifestPath(Path output) {
        return output.resolveSibling(output.getFileName() + SUFFIX);
    }

    /**
     * Signs and writes the manifest of {@code output}. Refuses (ProvenanceException) when the file on disk is not the
     * one the manifest describes (name, size or sha256), so a stale hash is never signed. The manifest file appears
     * complete or not at all (written aside, then renamed).
     *
     * @return the manifest file written
     */
    public static Path write(Manifest manifest, Path output, SiteKey key) {
        checkOutput(manifest.output(), output);
        JsonNode manifestNode = CanonicalJson.tree(manifest);
        byte[] signature = key.sign(CanonicalJson.bytes(manifestNode));

        ObjectNode envelope = CanonicalJson.mapper().createObjectNode();
        envelope.set("manifest", manifestNode);
        envelope.putObject("signature")
                .put("alg", SiteKey.ALGORITHM)
                .put("keyId", key.keyId())
                .put(
                        "publicKey",
                        Base64.getEncoder().encodeToString(key.publicKey().getEncoded()))
                .put("value", Base64.getEncoder().encodeToString(signature));

        Path target = manifestPath(output);
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.writeString(part, CanonicalJson.pretty(envelope), StandardCharsets.UTF_8);
            try {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        LOG.infof(
                "job %s: signed provenance of %s with site key %s",
                manifest.jobId(), output.getFileName(), key.keyId());
        return target;
    }

    private static void checkOutput(Manifest.OutputFile described, Path output) {
        if (!Files.isRegularFile(output)) {
            throw new ProvenanceException("cannot sign provenance of " + output + ": no such file");
        }
        String name = output.getFileName().toString();
        if (!name.equals(described.name())) {
            throw new ProvenanceException("manifest describes output " + described.name() + ", not " + name);
        }
        Manifest.OutputFile actual = Manifest.OutputFile.of(output);
        if (actual.size() != described.size() || !actual.sha256().equals(described.sha256())) {
            throw new ProvenanceException("manifest describes output " + name + " as " + described.size()
                    + " bytes, sha256 " + described.sha256() + ", but the file is " + actual.size() + " bytes, sha256 "
                    + actual.sha256());
        }
    }
}
