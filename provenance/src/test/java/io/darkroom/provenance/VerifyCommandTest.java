package io.darkroom.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.SourceRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    private static final String REAL_SOURCE = "webm/vp9_profile2_10bit_roadtrip.webm";

    @TempDir
    Path dir;

    Path media;
    Path output;
    SiteKey key;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Signs a generated output whose source is a real clip, read in place from the repository's sample media. */
    @BeforeEach
    void signOutputOfARealSource() throws Exception {
        media = projectRoot().resolve("samples/media").normalize();
        assertThat(media.resolve(REAL_SOURCE)).as("sample media present").isRegularFile();
        output = TestManifests.randomFile(dir, "roadtrip.review.mp4", 20_000, 5);
        key = SiteKey.loadOrCreate(dir.resolve("key"));
        ManifestSigner.write(
                TestManifests.manifest(
                        output,
                        List.of(Manifest.Source.of(new SourceRef("media", REAL_SOURCE), media.resolve(REAL_SOURCE)))),
                output,
                key);
    }

    private int run(String... args) {
        return VerifyCommand.run(
                List.of(args),
                null,
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void exitsZeroAndSaysVerifiedWhenEverythingMatches() {
        int status = run(
                "verify",
                output.toString(),
                "--key",
                dir.resolve("key/" + SiteKey.PUBLIC_FILE).toString(),
                "--root",
                "media=" + media);

        assertThat(status).as(stdout() + err).isZero();
        assertThat(stdout())
                .contains("ok    signature valid")
                .contains("ok    signed by the trusted site key " + key.keyId())
                .contains("ok    source media:" + REAL_SOURCE + " sha256 matches")
                .endsWith("VERIFIED\n");
    }

    @Test
    void exitsOneAndNamesTheOutputHashWhenAByteChanged() throws Exception {
        byte[] bytes = Files.readAllBytes(output);
        bytes[0] ^= 1;
        Files.write(output, bytes);

        assertThat(run(output.toString(), "--key", dir.resolve("key").toString()))
                .isEqualTo(1);
        assertThat(stdout())
                .contains("FAIL  output sha256 differs: manifest ")
                .contains("skip  source media:" + REAL_SOURCE + " not reachable")
                .endsWith("NOT VERIFIED: 1 check failed\n");
    }

    @Test
    void trustsTheKeyFolderFromTheEnvironment() {
        SiteKey other = SiteKey.loadOrCreate(dir.resolve("other"));

        int status = VerifyCommand.run(
                List.of(output.toString()),
                dir.resolve("other").toString(),
                null,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(stdout())
                .contains("FAIL  signed by key " + key.keyId() + ", not by the trusted site key " + other.keyId());
    }

    @Test
    void anIntactManifestFromAKeyNobodyTrustsIsNotVerified() throws Exception {
        SiteKey stranger = SiteKey.loadOrCreate(dir.resolve("stranger"));
        ManifestSigner.write(TestManifests.manifest(output, List.of()), output, stranger);

        assertThat(run(output.toString())).isEqualTo(1);
        assertThat(stdout())
                .contains("ok    signature valid")
                .contains("FAIL  signature valid, signer not trusted: key " + stranger.keyId())
                .endsWith("NOT VERIFIED: 1 check failed\n");
    }

    @Test
    void trustsEveryPemOfATrustStore() throws Exception {
        Path store = Files.createDirectories(dir.resolve("trust-store"));
        SiteKey other = SiteKey.loadOrCreate(dir.resolve("other"));
        Files.copy(dir.resolve("other/" + SiteKey.PUBLIC_FILE), store.resolve("other-site.pem"));
        Files.copy(dir.resolve("key/" + SiteKey.PUBLIC_FILE), store.resolve("our-site.pem"));

        assertThat(run(output.toString(), "--trust-store", store.toString(), "--root", "media=" + media))
                .as(stdout() + err)
                .isZero();
        assertThat(stdout())
                .contains("ok    signed by the trusted site key " + key.keyId())
                .endsWith("VERIFIED\n");

        Files.delete(store.resolve("our-site.pem"));
        out.reset();
        assertThat(VerifyCommand.run(
                        List.of(output.toString()),
                        null,
                        store.toString(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(stdout())
                .contains("FAIL  signed by key " + key.keyId() + ", not by the trusted site key " + other.keyId());
        assertThat(run(
                        output.toString(),
                        "--trust-store",
                        dir.resolve("nothing-here").toString()))
                .isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("verify", output.toString(), "--key")).isEqualTo(2);
        assertThat(run("verify", output.toString(), "--root", "media")).isEqualTo(2);
        assertThat(run(
                        "verify",
                        output.toString(),
                        "--key",
                        dir.resolve("no-such.pem").toString()))
                .isEqualTo(2);
        assertThat(stdout()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(VerifyCommand.USAGE);
    }

    /** The repo root: system property darkroom.root (set by surefire), else the folder holding the parent pom. */
    static Path projectRoot() throws Exception {
        String property = System.getProperty("darkroom.root");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        List<Path> tried = new ArrayList<>();
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            tried.add(pom);
            if (Files.isRegularFile(pom)
                    && Files.readString(pom).contains("<artifactId>darkroom-parent</artifactId>")
                    && !Files.readString(pom).contains("<relativePath>")) {
                return p;
            }
        }
        throw new IllegalStateException("no darkroom-parent pom above the working folder; tried " + tried);
    }
}
