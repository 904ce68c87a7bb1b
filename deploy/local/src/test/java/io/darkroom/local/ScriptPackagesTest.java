package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./darkroom} script's package check on a machine that lacks some of them: the real script, with stand-ins
 * for {@code dpkg-query} (which exits 1 when a package is unknown to dpkg, as on a fresh machine) and {@code apt-get}
 * first on its PATH.
 */
class ScriptPackagesTest {
    private static final Path SCRIPT =
            Path.of("../../darkroom").toAbsolutePath().normalize();

    @TempDir
    Path bin;

    @Test
    void missingPackagesAreInstalledNotASilentExit() throws Exception {
        // dpkg-query's answer when two of the three are unknown: one line for the known one, exit status 1
        stub("dpkg-query", "printf 'fonts-dejavu-core=install ok installed;'\nexit 1");
        stub("apt-get", "echo \"$*\" >> \"" + bin.resolve("apt.log") + "\"\nexit 0");
        Run run = run("help");

        assertThat(run.stderr).contains("darkroom: installing libpulse0 prometheus");
        assertThat(Files.readAllLines(bin.resolve("apt.log")))
                .containsExactly("update -q", "install -y -q --no-install-recommends libpulse0 prometheus");
        assertThat(run.status).as(run.stderr).isZero();
    }

    @Test
    void aFailedInstallSaysWhatToInstall() throws Exception {
        stub("dpkg-query", "exit 1");
        stub("apt-get", "exit 100");
        Run run = run("help");

        assertThat(run.status).isEqualTo(1);
        assertThat(run.stderr)
                .contains("darkroom: could not install libpulse0 fonts-dejavu-core prometheus; install them yourself");
    }

    @Test
    void nothingIsInstalledWhenEveryPackageIsThere() throws Exception {
        stub(
                "dpkg-query",
                "printf 'libpulse0=install ok installed;fonts-dejavu-core=install ok installed;"
                        + "prometheus=install ok installed;'");
        stub("apt-get", "echo \"$*\" >> \"" + bin.resolve("apt.log") + "\"\nexit 1");
        Run run = run("help");

        assertThat(run.status).as(run.stderr).isZero();
        assertThat(bin.resolve("apt.log")).doesNotExist();
        assertThat(run.stdout + run.stderr)
                .as("the usage, whether built or not")
                .contains("demo");
    }

    private void stub(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(String command) throws Exception {
        // "id" answers 0 so that the script calls apt-get itself rather than through sudo, whoever runs the test
        stub("id", "echo 0");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path err = bin.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    private record Run(int status, String stdout, String stderr) {}
}
