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
