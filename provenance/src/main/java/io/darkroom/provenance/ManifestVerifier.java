package io.darkroom.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.provenance.VerificationReport.Check;
import io.darkroom.provenance.VerificationReport.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks an output against the manifest beside it: the signature over the canonical manifest, the signing key
 * (against a trusted key when given), the output's size and sha256, and every source still reachable. Every check
 * runs even after one fails, so the report says all that differs.
 */
public final class ManifestVerifier {
    private final List<PublicKey> trustedKeys;
    private final Function<String, Optional<Path>> sources;

    /**
     * @param trustedKeys the site public keys a signer must be one of; none = nobody is trusted: the signature can
     *                    still show the manifest intact, but the report fails ("signature valid, signer not trusted"),
     *                    since anyone can mint a key and sign
     * @param sources     resolves a source {@code root:path} to a readable file, empty when not reachable
     */
    public ManifestVerifier(List<PublicKey> trustedKeys, Function<String, Optional<Path>> sources) {
        this.trustedKeys = List.copyOf(trustedKeys);
        this.sources = Objects.requireNonNull(sources);
    }

    /** Verifies trusting the public key in a PEM file or site key folder, when given (else nobody). */
    public static VerificationReport verify(
            Path output, Optional<Path> trustedKeyPemOrFolder, Function<String, Optional<Path>> sources) {
        return new ManifestVerifier(
                        trustedKeyPemOrFolder.map(SiteKey::readPublicKey).stream()
                                .toList(),
                        sources)
                .verify(output);
    }

    public VerificationReport verify(Path output) {
        List<Finding> findings = new ArrayList<>();
        Path manifestFile = ManifestSigner.manifestPath(output);
        JsonNode envelope = readEnvelope(manifestFile, findings);
        if (envelope == null) {
            checkOutputExists(output, findings);
            return new VerificationReport(output, null, findings);
        }
        JsonNode manifestNode = envelope.get("manifest");
        boolean intact = checkSignature(manifestNode, envelope.get("signature"), findings);
        Manifest manifest = bind(manifestNode, findings);
        if (manifest != null) {
            checkOutput(manifest.output(), output, intact, findings);
            manifest.sources().forEach(source -> checkSource(source, intact, findings));
        }
        return new VerificationReport(output, manifest, findings);
    }

    private static JsonNode readEnvelope(Path manifestFile, List<Finding> findings) {
        if (!Files.isRegularFile(manifestFile)) {
            findings.add(
                    Finding.failed(Check.MANIFEST, "no manifest beside the output: " + manifestFile + " is missing"));
            return null;
        }
        JsonNode envelope;
        try {
            envelope = CanonicalJson.parse(StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(manifestFile)))
                    .toString());
        } catch (CharacterCodingException e) {
            findings.add(Finding.failed(Check.MANIFEST, "manifest file " + manifestFile + " is not UTF-8"));
            return null;
        } catch (IOException e) {
            findings.add(Finding.failed(Check.MANIFEST, "cannot read manifest file " + manifestFile + ": " + e));
            return null;
        } catch (IllegalArgumentException e) {
            findings.add(Finding.failed(
                    Check.MANIFEST, "manifest file " + manifestFile + " is not valid JSON: " + e.getMessage()));
            return null;
        }
        if (!envelope.isObject()
                || !envelope.path("manifest").isObject()
                || !envelope.path("signature").isObject()) {
            findings.add(Finding.failed(
                    Check.MANIFEST,
                    "manifest file " + manifestFile + " is not {\"manifest\": {...}, \"signature\": {...}}"));
            return null;
        }
        return envelope;
    }

    /** Signature with the embedded key (is the manifest intact?), then the key itself (who signed it?). */
    private boolean checkSignature(JsonNode manifestNode, JsonNode signature, List<Finding> findings) {
        String alg = signature.path("alg").asText("");
        if (!SiteKey.ALGORITHM.equals(alg)) {
            findings.add(Finding.failed(
                    Check.SIGNATURE, "signature algorithm is \"" + alg + "\", expected " + SiteKey.ALGORITHM));
            return false;
        }
        PublicKey embedded;
        byte[] value;
        try {
            embedded = SiteKey.publicKey(
                    Base64.getDecoder().decode(signature.path("publicKey").asText("")));
            value = Base64.getDecoder().decode(signature.path("value").asText(""));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            findings.add(Finding.failed(Check.SIGNATURE, "signature block is malformed: " + e.getMessage()));
            return false;
        }
        String keyId = SiteKey.keyId(embedded);
        byte[] canonical;
        try {
            canonical = CanonicalJson.bytes(manifestNode);
        } catch (IllegalArgumentException e) {
            findings.add(Finding.failed(Check.SIGNATURE, "manifest has no canonical form: " + e.getMessage()));
            return false;
        }
        boolean intact = SiteKey.verify(embedded, canonical, value);
        findings.add(
                intact
                        ? Finding.ok(Check.SIGNATURE, "signature valid: manifest intact (Ed25519, key " + keyId + ")")
                        : Finding.failed(
                                Check.SIGNATURE,
                                "signature invalid: manifest was modified after signing"
                                        + " (its canonical bytes do not match the signature of key " + keyId + ")"));
        checkKey(signature.path("keyId").asText(""), embedded, keyId, findings);
        return intact;
    }

    private void checkKey(String statedId, PublicKey embedded, String keyId, List<Finding> findings) {
        if (!statedId.equals(keyId)) {
            findings.add(Finding.failed(
                    Check.KEY,
                    "keyId \"" + statedId + "\" does not match the embedded public key, " + "whose id is " + keyId));
        }
        if (trustedKeys.isEmpty()) {
            findings.add(
                    Finding.failed(
                            Check.KEY,
                            "signature valid, signer not trusted: key " + keyId + " is not a"
                                    + " trusted site key (give the site public key with --key, DARKROOM_SITE_KEY or a trust store)"));
        } else if (trustedKeys.stream().anyMatch(k -> Arrays.equals(k.getEncoded(), embedded.getEncoded()))) {
            findings.add(Finding.ok(Check.KEY, "signed by the trusted site key " + keyId));
        } else {
            findings.add(Finding.failed(
                    Check.KEY,
                    "signed by key " + keyId + ", not by the trusted site key "
                            + String.join(
                                    " or ",
                                    trustedKeys.stream().map(SiteKey::keyId).toList())));
        }
    }

    private static Manifest bind(JsonNode manifestNode, List<Finding> findings) {
        try {
            return CanonicalJson.mapper().treeToValue(manifestNode, Manifest.class);
        } catch (IOException | IllegalArgumentException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getMessage();
            findings.add(Finding.failed(
                    Check.MANIFEST,
                    "manifest does not follow schema version " + Manifest.SCHEMA_VERSION + ": " + reason));
            return null;
        }
    }

    private static void checkOutputExists(Path output, List<Finding> findings) {
        if (!Files.isRegularFile(output)) {
            findings.add(Finding.failed(Check.OUTPUT, "output file " + output + " is missing"));
        }
    }

    private static void checkOutput(
            Manifest.OutputFile described, Path output, boolean intact, List<Finding> findings) {
        if (!Files.isRegularFile(output)) {
            findings.add(Finding.failed(Check.OUTPUT, "output file " + output + " is missing"));
            return;
        }
        String name = output.getFileName().toString();
        if (!name.equals(described.name())) {
            findings.add(Finding.warning(
                    Check.OUTPUT,
                    "output was renamed: manifest names it " + described.name() + ", the file is " + name));
        }
        Manifest.OutputFile actual = Manifest.OutputFile.of(output);
        String cause =
                intact ? "file changed after signing" : "the manifest is not intact either: either may have changed";
        if (actual.size() != described.size()) {
            findings.add(Finding.failed(
                    Check.OUTPUT,
                    "output size differs: manifest " + described.size() + " bytes, file " + actual.size() + " bytes ("
                            + cause + ")"));
        }
        if (actual.sha256().equals(described.sha256())) {
            findings.add(Finding.ok(
                    Check.OUTPUT, "output sha256 matches: " + actual.sha256() + " (" + actual.size() + " bytes)"));
        } else {
            findings.add(Finding.failed(
                    Check.OUTPUT,
                    "output sha256 differs: manifest " + described.sha256() + ", file " + actual.sha256() + " (" + cause
                            + ")"));
        }
    }

    private void checkSource(Manifest.Source source, boolean intact, List<Finding> findings) {
        Optional<Path> file;
        try {
            file = sources.apply(source.ref()).filter(Files::isRegularFile);
        } catch (RuntimeException e) {
            file = Optional.empty();
        }
        if (file.isEmpty()) {
            findings.add(
                    Finding.notChecked(Check.SOURCE, "source " + source.ref() + " not reachable here, not checked"));
            return;
        }
        Manifest.Source actual;
        try {
            actual =
                    new Manifest.Source(source.ref(), source.fileName(), Sha256.of(file.get()), Files.size(file.get()));
        } catch (IOException | UncheckedIOException e) {
            findings.add(Finding.notChecked(
                    Check.SOURCE, "source " + source.ref() + " could not be read, not checked: " + e.getMessage()));
            return;
        }
        String cause = intact ? "source changed after signing" : "the manifest is not intact either";
        if (actual.size() != source.size()) {
            findings.add(Finding.failed(
                    Check.SOURCE,
                    "source " + source.ref() + " size differs: manifest " + source.size() + " bytes, file "
                            + actual.size() + " bytes (" + cause + ")"));
        }
        if (actual.sha256().equals(source.sha256())) {
            findings.add(Finding.ok(Check.SOURCE, "source " + source.ref() + " sha256 matches: " + actual.sha256()));
        } else {
            findings.add(Finding.failed(
                    Check.SOURCE,
                    "source " + source.ref() + " sha256 differs: manifest " + source.sha256() + ", file "
                            + actual.sha256() + " (" + cause + ")"));
        }
    }
}
