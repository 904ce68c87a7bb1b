package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.AttemptFiles;
import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.StorageRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {
    @TempDir
    Path temp;

    @Test
    void namesFollowTheWireAgreementAndPromoteRenamesThePartFile() throws Exception {
        StorageRoots roots = new StorageRoots(Map.of("out", temp));
        OutputFile f =
                OutputFile.create(roots, new SourceRef("out", "job1/clip1/seg0003"), "review", 2, 5, "w-1", "mp4");
        assertThat(f.finalRef()).isEqualTo(new SourceRef("out", "job1/clip1/seg0003.review.a2-d5-w-1.mp4"));
        assertThat(f.partPath().getFileName().toString()).isEqualTo("seg0003.review.a2-d5-w-1.mp4.part");
        Files.writeString(f.partPath(), "data");

        assertThat(f.promote()).isEqualTo(4);
        assertThat(f.finalPath()).hasContent("data");
        assertThat(f.partPath()).doesNotExist();
    }

    @Test
    void neverOverwritesAnExistingFinalFile() throws Exception {
        StorageRoots roots = new StorageRoots(Map.of("out", temp));
        OutputFile f = OutputFile.create(roots, new SourceRef("out", "p"), "m", 1, 1, "w", "mkv");
        Files.writeString(f.finalPath(), "first");
        Files.writeString(f.partPath(), "second");

        assertThatThrownBy(f::promote).isInstanceOfSatisfying(RenderException.class, e -> assertThat(e.reason())
                .isEqualTo(FailureReason.STORAGE));
        assertThat(f.finalPath()).hasContent("first");
    }

    @Test
    void unsafeCharactersInNamesAreReplacedAndEscapesAreRefused() {
        assertThat(AttemptFiles.safe("host/1 a:b")).isEqualTo("host_1_a_b");
        StorageRoots roots = new StorageRoots(Map.of("out", temp));
        assertThatThrownBy(() -> OutputFile.create(roots, new SourceRef("out", "../x"), "m", 1, 1, "w", "mkv"))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.STORAGE));
    }
}
