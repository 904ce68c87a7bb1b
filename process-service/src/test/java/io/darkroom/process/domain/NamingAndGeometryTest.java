package io.darkroom.process.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.ops.Op;
import io.darkroom.contracts.ops.Op.Reformat.Mode;
import io.darkroom.recipe.NameTemplate;
import io.darkroom.recipe.geometry.OutputGeometry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamingAndGeometryTest {

    private static Map<String, String> values(String show, String clip) {
        Map<String, String> v = new HashMap<>();
        v.put("show", show);
        v.put("date", "2026-11-25");
        v.put("clip", clip);
        v.put("output", "review");
        v.put("ext", "mp4");
        v.put("reel", clip);
        return v;
    }

    @Test
    void templateFillsFieldsAndDropsTheSeparatorOfAnEmptyOne() {
        NameTemplate t = NameTemplate.parse("{show}_{date}_{clip}_{output}.{ext}");
        assertThat(t.render(values("Nightfall", "A001"), 0)).isEqualTo("Nightfall_2026-11-25_A001_review.mp4");
        assertThat(t.render(values(null, "A001"), 0)).isEqualTo("2026-11-25_A001_review.mp4");
        assertThat(t.render(values("", "A001"), 2)).isEqualTo("2026-11-25_A001_review-2.mp4");
        assertThat(NameTemplate.parse(NameTemplate.DEFAULT).render(values("x", "A001"), 0))
                .isEqualTo("A001_review.mp4");
        assertThat(NameTemplate.parse("{reel}-{output}").render(values(null, "A001"), 0))
                .as("extension added when missing")
                .isEqualTo("A001-review.mp4");
        assertThat(NameTemplate.parse("{{{clip}}}.{ext}").render(values(null, "A"), 0))
                .isEqualTo("{A}.mp4");
    }

    @Test
    void templateValuesAreSanitizedIntoOneFileName() {
        NameTemplate t = NameTemplate.parse("{show}_{clip}_{output}.{ext}");
        assertThat(t.render(values("../../etc", "a/b\\c:d*e?f\"g<h>i|j\nk"), 0))
                .isEqualTo("_.._etc_a_b_c_d_e_f_g_h_i_j_k_review.mp4");
        assertThat(t.render(values("..hidden", "A"), 0)).isEqualTo("hidden_A_review.mp4");
    }

    @Test
    void templateNeverOverwrites() {
        NameTemplate t = NameTemplate.parse(NameTemplate.DEFAULT);
        Set<String> taken = Set.of("A001_review.mp4", "A001_review-1.mp4");
        assertThat(t.firstFree(values(null, "A001"), taken::contains)).isEqualTo("A001_review-2.mp4");
        assertThat(t.firstFree(values(null, "A002"), taken::contains)).isEqualTo("A002_review.mp4");
    }

    @Test
    void badTemplatesAreRefused() {
        assertThatThrownBy(() -> NameTemplate.parse("{clip}_{camera}.{ext}")).hasMessageContaining("{camera}");
        assertThatThrownBy(() -> NameTemplate.parse("{clip")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> NameTemplate.parse("{show}_{output}.{ext}")).hasMessageContaining("{clip}");
        assertThatThrownBy(() -> NameTemplate.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void artifactNamesAreSafeAndFree() {
        assertThat(OutputNaming.firstFreeArtifact("it job/1", "ale", n -> false))
                .isEqualTo("it_job_1.ale");
        assertThat(OutputNaming.firstFreeArtifact("day 1", "jpg", n -> n.equals("day_1.jpg")))
                .isEqualTo("day_1-1.jpg");
    }

    private static MediaInfo media(int w, int h, int rotation, String sar) {
        int dw = rotation % 180 == 0 ? w : h;
        int dh = rotation % 180 == 0 ? h : w;
        return new MediaInfo(
                        "mov", "h264", w, h, rotation, dw, dh, "yuv420p", 25, 1, false, 100, 0, 4_000_000, 0, 0, null,
                        null, 1, null, null, null, null, null, null, false, null, null, false)
                .withPictureDetails(null, null, null, null, null, sar);
    }

    @Test
    void reformatOpDecidesTheOutputSizeElseFit() {
        MediaInfo hd = media(1920, 1080, 0, "1:1");
        assertThat(OutputGeometry.of(hd, 1280, 720, List.of())).isEqualTo(new OutputGeometry.Size(1280, 720));
        assertThat(OutputGeometry.of(hd, 1280, 720, null)).isEqualTo(new OutputGeometry.Size(1280, 720));
        // fill / letterbox / crop: exactly the op's box, whatever the output's maxWidth x maxHeight
        for (Mode m : List.of(Mode.FILL, Mode.LETTERBOX, Mode.CROP)) {
            assertThat(OutputGeometry.of(hd, 640, 360, List.of(new Op.Reformat(m, 1000, 1000))))
                    .as("%s", m)
                    .isEqualTo(new OutputGeometry.Size(1000, 1000));
        }
        // fit: inside the box, aspect kept, even
        assertThat(OutputGeometry.of(hd, 0, 0, List.of(new Op.Reformat(Mode.FIT, 1000, 1000))))
                .isEqualTo(new OutputGeometry.Size(1000, 562));
        // a rotated phone clip is upright first: 1080x1920 into 1000x1000 -> 562x1000
        assertThat(OutputGeometry.of(
                        media(1920, 1080, 90, "1:1"), 0, 0, List.of(new Op.Reformat(Mode.FIT, 1000, 1000))))
                .isEqualTo(new OutputGeometry.Size(562, 1000));
        // anamorphic 720x576 with 64:45 pixels is 1024x576 on screen: fit into 1280x720 -> 1280x720
        assertThat(OutputGeometry.of(media(720, 576, 0, "64:45"), 0, 0, List.of(new Op.Reformat(Mode.FIT, 1280, 720))))
                .isEqualTo(new OutputGeometry.Size(1280, 720));
        // the last reformat wins
        assertThat(OutputGeometry.of(
                        hd, 0, 0, List.of(new Op.Reformat(Mode.FILL, 640, 640), new Op.Reformat(Mode.FIT, 320, 200))))
                .isEqualTo(new OutputGeometry.Size(200, 200));
    }
}
