package io.darkroom.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.SourceRef;
import io.darkroom.provenance.VerificationReport.Check;
import io.darkroom.provenance.VerificationReport.Finding;
import io.darkroom.provenance.VerificationReport.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestSignerVerifierTest {
    @TempDir
    Path dir;

    Path output;
    Path sourceRoot;
    SiteKey key;
    SourceRoots roots;

    @BeforeEach
    void signAGeneratedOutput() throws Exception {
        sourceRoot = Files.createDirectories(dir.resolve("media"));
        Path source = TestManifests.randomFile(Files.createDirectories(sourceRoot.resolve("shots")), "a.mov", 5000, 2);
        output = TestManifests.randomFile(Files.createDirectories(dir.resolve("out")), "clip.review.mp4", 64 * 1024, 3);
        key = SiteKey.loadOrCreate(dir.resolve("site-key"));
        roots = new SourceRoots(Map.of("media", sourceRoot));
        Manifest manifest = TestManifests.manifest(
                output, List.of(Manifest.Source.of(new SourceRef("media", "shots/a.mov"), source)));
        Path written = ManifestSigner.write(manifest, output, key);
        assertThat(written).isEqualTo(dir.resolve("out/clip.review.mp4.provenance.json"));
    }

    private VerificationReport verifyTrusting(SiteKey trusted) {
        return new ManifestVerifier(List.of(trusted.publicKey()), roots).verify(output);
    }

    private static List<Finding> failed(VerificationReport report, Check check) {
        return report.failures().stream().filter(f -> f.check() == check).toList();
    }

    @Test
    void anIntactOutputVerifies() throws Exception {
        VerificationReport report = verifyTrusting(key);

        assertThat(report.ok()).as(report.toText()).isTrue();
        assertThat(report.findings())
                .extracting(Finding::check)
                .containsExactly(Check.SIGNATURE, Check.KEY, Check.OUTPUT, Check.SOURCE);
        assertThat(report.findings()).allMatch(f -> f.status() == Status.OK);
        assertThat(report.manifest().output().sha256()).isEqualTo(Sha256.of(output));
        assertThat(report.toText())
                .contains("signed by the trusted site key " + key.keyId())
                .endsWith("VERIFIED\n");

        JsonNode envelope = CanonicalJson.parse(Files.readString(ManifestSigner.manifestPath(output)));
        assertThat(envelope.path("signature").path("alg").asText()).isEqualTo("Ed25519");
        assertThat(envelope.path("signature").path("keyId").asText()).isEqualTo(key.keyId());
        assertThat(envelope.path("manifest").path("submittedBy").path("subject").asText())
                .isEqualTo("alice");
        assertThat(envelope.path("manifest").path("approvedBy").path("issuer").asText())
                .isEqualTo("https://idp.example/realms/studio");
    }

    @Test
    void oneFlippedByteOfTheOutputFailsNamingTheOutputHash() throws Exception {
        String signedHash = Sha256.of(output);
        byte[] bytes = Files.readAllBytes(output);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(output, bytes);

        VerificationReport report = verifyTrusting(key);

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.OUTPUT);
            assertThat(f.message())
                    .isEqualTo("output sha256 differs: manifest " + signedHash + ", file " + Sha256.of(output)
                            + " (file changed after signing)");
        });
        assertThat(report.toText()).contains("FAIL  output sha256 differs").contains("NOT VERIFIED: 1 check failed");
    }

    @Test
    void aTruncatedOutputFailsNamingSizeAndHash() throws Exception {
        byte[] bytes = Files.readAllBytes(output);
        Files.write(output, java.util.Arrays.copyOf(bytes, bytes.length - 1));

        assertThat(failed(verifyTrusting(key), Check.OUTPUT))
                .extracting(Finding::message)
                .satisfiesExactly(
                        size -> assertThat(size)
                                .startsWith("output size differs: manifest 65536 bytes, file 65535 bytes"),
                        hash -> assertThat(hash).startsWith("output sha256 differs"));
    }

    @Test
    void oneChangedCharacterOfTheManifestFailsNamingTheSignature() throws Exception {
        Path manifestFile = ManifestSigner.manifestPath(output);
        String json = Files.readString(manifestFile);
        assertThat(json).contains("\"subject\": \"alice\"");
        Files.writeString(manifestFile, json.replace("\"subject\": \"alice\"", "\"subject\": \"alicf\""));

        VerificationReport report = verifyTrusting(key);

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.SIGNATURE);
            assertThat(f.message())
                    .startsWith("signature invalid: manifest was modified after signing")
                    .contains(key.keyId());
        });
        assertThat(report.manifest().submittedBy().subject()).isEqualTo("alicf"); // read, but not trusted
    }

    @Test
    void aManifestEditedToMatchAChangedOutputStillFailsOnTheSignature() throws Exception {
        String signedHash = Sha256.of(output);
        Files.write(output, "not the render".getBytes(StandardCharsets.UTF_8));
        Path manifestFile = ManifestSigner.manifestPath(output);
        Files.writeString(
                manifestFile,
                Files.readString(manifestFile)
                        .replace(signedHash, Sha256.of(output))
                        .replace("\"size\": 65536", "\"size\": 14"));

        VerificationReport report = verifyTrusting(key);

        assertThat(report.failures()).extracting(Finding::check).containsExactly(Check.SIGNATURE);
    }

    @Test
    void anotherKeyFailsNamingBothKeyIds() {
        SiteKey other = SiteKey.loadOrCreate(dir.resolve("other-site"));

        VerificationReport report = verifyTrusting(other);

        assertThat(report.ok()).isFalse();
        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.KEY);
            assertThat(f.message())
                    .isEqualTo("signed by key " + key.keyId() + ", not by the trusted site key " + other.keyId());
        });
    }

    @Test
    void aManifestReSignedByAnotherKeyIsCaughtByTheTrustedKey() throws Exception {
        SiteKey forger = SiteKey.loadOrCreate(dir.resolve("forger"));
        Manifest forged = TestManifests.manifest(output, List.of());
        ManifestSigner.write(forged, output, forger);

        assertThat(new ManifestVerifier(List.of(forger.publicKey()), roots)
                        .verify(output)
                        .ok())
                .isTrue(); // intact
        VerificationReport pinned = verifyTrusting(key);
        assertThat(pinned.failures())
                .extracting(Finding::message)
                .containsExactly("signed by key " + forger.keyId() + ", not by the trusted site key " + key.keyId());
    }

    @Test
    void withoutATrustedKeyTheSignerIsNotTrustedAndTheReportFails() {
        VerificationReport report = ManifestVerifier.verify(output, Optional.empty(), roots);

        assertThat(report.ok()).isFalse();
        assertThat(report.findings())
                .filteredOn(f -> f.check() == Check.SIGNATURE)
                .extracting(Finding::status)
                .containsExactly(Status.OK);
        assertThat(report.findings())
                .filteredOn(f -> f.check() == Check.KEY)
                .singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(Status.FAILED))
                .satisfies(f -> assertThat(f.message()).startsWith("signature valid, signer not trusted: key "));
        assertThat(ManifestVerifier.verify(output, Optional.of(dir.resolve("site-key")), roots)
                        .findings())
                .filteredOn(f -> f.check() == Check.KEY)
                .extracting(Finding::status)
                .containsExactly(Status.OK);
    }

    @Test
    void aChangedSourceFailsNamingTheSource() throws Exception {
        Path source = sourceRoot.resolve("shots/a.mov");
        byte[] bytes = Files.readAllBytes(source);
        bytes[0] ^= (byte) 0x80;
        Files.write(source, bytes);

        assertThat(failed(verifyTrusting(key), Check.SOURCE))
                .extracting(Finding::message)
                .singleElement()
                .asString()
                .startsWith("source media:shots/a.mov sha256 differs: manifest ")
                .endsWith("(source changed after signing)");
    }

    @Test
    void anUnreachableSourceIsReportedButDoesNotFail() throws Exception {
        VerificationReport report = new ManifestVerifier(List.of(key.publicKey()), SourceRoots.none()).verify(output);

        assertThat(report.ok()).isTrue();
        assertThat(report.findings())
                .filteredOn(f -> f.check() == Check.SOURCE)
                .singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo(Status.NOT_CHECKED))
                .satisfies(f -> assertThat(f.message()).contains("media:shots/a.mov not reachable"));
    }

    @Test
    void reorderedAndReindentedManifestStillVerifies() throws Exception {
        Path manifestFile = ManifestSigner.manifestPath(output);
        ObjectNode envelope = (ObjectNode) CanonicalJson.parse(Files.readString(manifestFile));
        // Jackson's own writer keeps insertion order: rebuild the manifest with members in reverse order
        ObjectNode manifest = (ObjectNode) envelope.get("manifest");
        ObjectNode reversed = CanonicalJson.mapper().createObjectNode();
        List<String> names = new java.util.ArrayList<>();
        manifest.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reversed.set(n, manifest.get(n)));
        ObjectNode rewritten = CanonicalJson.mapper().createObjectNode();
        rewritten.set("signature", envelope.get("signature"));
        rewritten.set("manifest", reversed);
        String text = CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rewritten);
        assertThat(text.indexOf("\"aiTouched\"")).isGreaterThan(text.indexOf("\"submittedBy\""));
        Files.writeString(manifestFile, text);

        assertThat(verifyTrusting(key).ok()).isTrue();
    }

    @Test
    void aDuplicatedMemberIsRefusedNotGuessed() throws Exception {
        Path manifestFile = ManifestSigner.manifestPath(output);
        Files.writeString(
                manifestFile,
                Files.readString(manifestFile)
                        .replace("\"subject\": \"alice\"", "\"subject\": \"alice\", \"subject\": \"mallory\""));

        VerificationReport report = verifyTrusting(key);

        assertThat(report.failures()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(Check.MANIFEST);
            assertThat(f.message()).contains("not valid JSON").contains("Duplicate field 'subject'");
        });
    }

    @Test
    void aMissingManifestFails() throws Exception {
        Files.delete(ManifestSigner.manifestPath(output));

        assertThat(verifyTrusting(key).failures())
                .extracting(Finding::message)
                .singleElement()
                .asString()
                .startsWith("no manifest beside the output");
    }

    @Test
    void theSignerRefusesAManifestThatDoesNotDescribeTheFile() throws Exception {
        Manifest manifest = TestManifests.manifest(output, List.of());
        Files.write(output, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(() -> ManifestSigner.write(manifest, output, key))
                .isInstanceOf(ProvenanceException.class)
                .hasMessageContaining("but the file is 65537 bytes");
    }

    @Test
    void sourceRootsRefuseEscapes() throws Exception {
        Path outside = TestManifests.randomFile(dir, "secret.txt", 10, 4);
        Files.createSymbolicLink(sourceRoot.resolve("link"), outside);

        assertThat(roots.apply("media:shots/a.mov")).isPresent();
        assertThat(roots.apply("media:../secret.txt")).isEmpty();
        assertThat(roots.apply("media:shots/../../secret.txt")).isEmpty();
        assertThat(roots.apply("media:" + outside)).isEmpty();
        assertThat(roots.apply("media:link")).isEmpty();
        assertThat(roots.apply("work:shots/a.mov")).isEmpty();
    }
}
