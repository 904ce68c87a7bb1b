package io.darkroom.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalJsonTest {
    @TempDir
    Path dir;

    @Test
    void sameBytesWhateverTheMemberOrderAndSpacing() {
        JsonNode a = CanonicalJson.parse("{\"b\":1,\"a\":{\"y\":[1,2],\"x\":null},\"c\":\"s\"}");
        JsonNode b = CanonicalJson.parse("{ \"c\" : \"s\",\n \"a\" : { \"x\" : null, \"y\" : [ 1, 2 ] }, \"b\" : 1 }");
        assertThat(CanonicalJson.string(a)).isEqualTo("{\"a\":{\"x\":null,\"y\":[1,2]},\"b\":1,\"c\":\"s\"}");
        assertThat(CanonicalJson.bytes(b)).isEqualTo(CanonicalJson.bytes(a));
    }

    @Test
    void keysSortByUtf16CodeUnitsAsRfc8785() {
        // U+20AC (euro) sorts after U+00E9 (e acute); "\uD83D\uDE00" (emoji, surrogates D83D) sorts before U+FB01
        JsonNode node =
                CanonicalJson.tree(Map.of("\uFB01", 1, "\uD83D\uDE00", 2, "\u20AC", 3, "\u00E9", 4, "Z", 5, "a", 6));
        assertThat(CanonicalJson.string(node))
                .isEqualTo("{\"Z\":5,\"a\":6,\"\u00E9\":4,\"\u20AC\":3,\"\uD83D\uDE00\":2,\"\uFB01\":1}");
    }

    @Test
    void stringsEscapeOnlyWhatJsonRequiresAndAreUtf8() {
        JsonNode node = CanonicalJson.tree(List.of("q\"b\\s/\n\t\u0001\u001f é ✓ 😀"));
        String text = CanonicalJson.string(node);
        assertThat(text).isEqualTo("[\"q\\\"b\\\\s/\\n\\t\\u0001\\u001f é ✓ 😀\"]");
        assertThat(CanonicalJson.bytes(node)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(CanonicalJson.parse(text)).isEqualTo(node);
    }

    @Test
    void numbersArePlainExactDecimals() {
        JsonNode node = CanonicalJson.parse("[1.0, 1e2, -0.0, 0.5000, 1.5E-3, 12345678901234567890123, -7, 2.5e+1]");
        assertThat(CanonicalJson.string(node)).isEqualTo("[1,100,0,0.5,0.0015,12345678901234567890123,-7,25]");
        assertThat(CanonicalJson.string(CanonicalJson.tree(List.of(0.1, 16.5, 2.0, -0.0))))
                .isEqualTo("[0.1,16.5,2,0]");
        assertThatThrownBy(() -> CanonicalJson.string(CanonicalJson.tree(List.of(Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDuplicateKeysAndTrailingContent() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} {\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLoneSurrogates() {
        assertThatThrownBy(() -> CanonicalJson.string(CanonicalJson.tree(List.of("x\uD800y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone UTF-16 surrogate");
    }

    @Test
    void aManifestSurvivesPrettyPrintingAndReparsingByteForByte() throws Exception {
        Manifest manifest = TestManifests.manifest(TestManifests.randomFile(dir, "out.mp4", 1000, 1), List.of());
        JsonNode tree = CanonicalJson.tree(manifest);
        JsonNode reread = CanonicalJson.parse(CanonicalJson.pretty(tree));
        assertThat(CanonicalJson.bytes(reread)).isEqualTo(CanonicalJson.bytes(tree));
        assertThat(CanonicalJson.string(tree))
                .doesNotContain(" \"")
                .contains(
                        "\"approvedBy\":{\"issuer\":\"https://idp.example/realms/studio\",\"name\":\"Bob\",\"subject\":\"bob\"}")
                .contains("\"submittedAt\":\"2025-01-02T03:04:05.123Z\"")
                .contains("\"overlap\":16.5");
        assertThat(CanonicalJson.mapper().treeToValue(reread, Manifest.class)).isEqualTo(manifest);
    }

    @Test
    void aSchema1ManifestWithBareNamesIsStillRead() throws Exception {
        Manifest m = TestManifests.manifest(TestManifests.randomFile(dir, "out.mp4", 10, 1), List.of());
        com.fasterxml.jackson.databind.node.ObjectNode v1 =
                (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.tree(m);
        v1.put("schemaVersion", 1).put("submittedBy", "alice").put("approvedBy", "bob");
        Manifest read = CanonicalJson.mapper().treeToValue(v1, Manifest.class);
        assertThat(read.submittedBy()).isEqualTo(new io.darkroom.contracts.Actor("alice", "alice", "unrecorded"));
        assertThat(read.approvedBy().name()).isEqualTo("bob");
    }

    @Test
    void nullMembersAreKeptSoAbsentApprovalIsStated() throws Exception {
        Manifest m = TestManifests.manifest(TestManifests.randomFile(dir, "out.mp4", 10, 1), List.of());
        Manifest unapproved = new Manifest(
                m.schemaVersion(),
                m.jobId(),
                m.clipName(),
                m.output(),
                m.sources(),
                m.recipe(),
                m.software(),
                null,
                m.segments(),
                m.submittedBy(),
                null,
                null,
                null,
                m.submittedAt(),
                m.finishedAt(),
                false);
        assertThat(CanonicalJson.string(CanonicalJson.tree(unapproved)))
                .contains("\"approvedBy\":null")
                .contains("\"approvedAt\":null")
                .contains("\"model\":null")
                .contains("\"aiTouched\":false");
    }
}
