package io.darkroom.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Generated files and manifests for tests (no media copied: outputs are random bytes made here). */
final class TestManifests {
    private TestManifests() {}

    static Path randomFile(Path folder, String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(folder.resolve(name), bytes);
    }

    static JsonNode recipe() {
        return CanonicalJson.parse(
                """
                {"outputs":[{"name":"review","preset":"h264-review","maxWidth":1920,"crf":20}],
                 "segmentFrames":120,"upscale":{"model":"esrgan-slim-x2","scale":2,"tile":256,"overlap":16.5}}""");
    }

    static Manifest manifest(Path output, List<Manifest.Source> sources) {
        String segmentHash = Sha256.of(new byte[] {1, 2, 3});
        return new Manifest(
                Manifest.SCHEMA_VERSION,
                "2b1f5a9e-0000-4000-8000-000000000001",
                "clip",
                Manifest.OutputFile.of(output),
                sources,
                recipe(),
                new Manifest.Software("0.1.0-SNAPSHOT", "8.1.2", "1.22.0"),
                new Manifest.Model("esrgan-slim-x2", "1.0.0", Sha256.of(new byte[] {9})),
                List.of(
                        new Manifest.Segment(0, "clip.review.a1-d1-w1.mp4", "worker-1", 1, 1, segmentHash),
                        new Manifest.Segment(1, "clip.review.a2-d2-w2.mp4", "worker-2", 2, 2, segmentHash)),
                new io.darkroom.contracts.Actor("alice", "Alice", "darkroom"),
                new io.darkroom.contracts.Actor("bob", "Bob", "https://idp.example/realms/studio"),
                "model looks right — ship it ✓",
                Instant.parse("2025-01-02T03:06:30Z"),
                Instant.parse("2025-01-02T03:04:05.123Z"),
                Instant.parse("2025-01-02T03:09:00Z"),
                true);
    }
}
