package io.darkroom.worker.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.WorkerHeartbeat.Gpu;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilitiesProbeTest {

    @Test
    void parsesNvidiaSmiCsv() {
        List<Gpu> gpus = CapabilitiesProbe.parseNvidiaSmi(
                "NVIDIA H100 80GB HBM3, 81559 MiB\n" + "NVIDIA GeForce RTX 4090, 24564 MiB\n\n");
        assertThat(gpus)
                .containsExactly(new Gpu("NVIDIA H100 80GB HBM3", 81559L), new Gpu("NVIDIA GeForce RTX 4090", 24564L));
        assertThat(CapabilitiesProbe.gpuLine(gpus))
                .isEqualTo("NVIDIA H100 80GB HBM3, 81559 MiB; NVIDIA GeForce RTX 4090, 24564 MiB");
    }

    @Test
    void unreadableMemoryAndNoOutputNeverFail() {
        assertThat(CapabilitiesProbe.parseNvidiaSmi("Tesla T4, [N/A]")).containsExactly(new Gpu("Tesla T4", null));
        assertThat(CapabilitiesProbe.parseNvidiaSmi("")).isEmpty();
        assertThat(CapabilitiesProbe.parseNvidiaSmi(null)).isEmpty();
        assertThat(CapabilitiesProbe.gpuLine(List.of())).isNull();
        assertThat(CapabilitiesProbe.gpuLine(List.of(new Gpu("Tesla T4", null))))
                .isEqualTo("Tesla T4");
    }

    @Test
    void runsTheNvidiaSmiOnThePathAndReadsItsGpus(@TempDir Path dir) throws Exception {
        // a stand-in for the real one (no GPU here), answering as nvidia-smi does on an H200
        executable(dir.resolve("nvidia-smi"), "#!/bin/sh\necho 'NVIDIA H200, 143771 MiB'\n");
        assertThat(CapabilitiesProbe.gpus(dir.toString())).containsExactly(new Gpu("NVIDIA H200", 143771L));
    }

    @Test
    void aFailingNvidiaSmiOrNoneReportsNoGpu(@TempDir Path dir) throws Exception {
        Path failing = Files.createDirectories(dir.resolve("failing"));
        executable(failing.resolve("nvidia-smi"), "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n");
        assertThat(CapabilitiesProbe.gpus(failing.toString())).isEmpty();
        assertThat(CapabilitiesProbe.gpus(
                        Files.createDirectories(dir.resolve("empty")).toString()))
                .isEmpty();
    }

    private static void executable(Path file, String script) throws Exception {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void findsOnlyExecutablesOnThePath(@TempDir Path dir) throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.writeString(a.resolve("nvidia-smi"), "not executable");
        Path exe = Files.writeString(b.resolve("nvidia-smi"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = a + File.pathSeparator + b;
        assertThat(CapabilitiesProbe.onPath("nvidia-smi", path)).contains(exe);
        assertThat(CapabilitiesProbe.onPath("nvidia-smi", a.toString())).isEmpty();
        assertThat(CapabilitiesProbe.onPath("nvidia-smi", null)).isEmpty();
    }
}
