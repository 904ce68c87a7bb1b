package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.cli.StackFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code ./darkroom up} as a user runs it (the CLI, its detached daemon, stack.json), on a stack file of its own: a
 * render-worker killed with SIGKILL is restarted by the daemon's supervisor, and the restart shows in stack.json and
 * in {@code ./darkroom status}; {@code down} stops it all.
 */
class DarkroomUpSupervisionIT {
    private static final Logger LOG = Logger.getLogger(DarkroomUpSupervisionIT.class);

    @Test
    void aKilledWorkerIsRestartedAndTheRestartShowsInStatusAndStackJson() throws Exception {
        Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
        Path dir = Files.createTempDirectory(base, "darkroom-up-");
        Path stackFile = dir.resolve("stack.json");
        System.setProperty(StackFile.LOCATION_PROPERTY, stackFile.toString());
        try {
            Cli.Run up = Cli.run(
                    "up",
                    "--workers",
                    "1",
                    "--state-dir",
                    dir.resolve("state").toString(),
                    "--registry",
                    dir.resolve("models").toString());
            assertThat(up.rc()).as("up: %s", up.err()).isZero();
            StackFile started = StackFile.read(stackFile).orElseThrow();
            StackFile.Service worker = started.services().stream()
                    .filter(s -> s.name().equals("worker-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(worker.state()).isEqualTo("UP");
            assertThat(worker.restarts()).isZero();
            assertThat(up.out())
                    .as("up prints the web monitor and the demo users")
                    .contains("monitor: " + started.processUrl() + "/ui/jobs");
            for (LocalAuth.DemoUser u : LocalAuth.DemoUser.values()) {
                assertThat(up.out())
                        .contains(u.role() + ": ./darkroom login " + u.username() + " --password " + u.password());
            }

            assertThat(ProcessHandle.of(worker.pid()).orElseThrow().destroyForcibly())
                    .isTrue();
            LOG.infof("killed worker-1 (pid %d) with SIGKILL", worker.pid());

            await("worker-1 restarted in stack.json")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> {
                        Optional<StackFile.Service> w = StackFile.read(stackFile).orElseThrow().services().stream()
                                .filter(s -> s.name().equals("worker-1"))
                                .findFirst();
                        return w.isPresent()
                                && w.get().restarts() == 1
                                && "UP".equals(w.get().state())
                                && w.get().pid() != worker.pid();
                    });
            StackFile.Service restarted = StackFile.read(stackFile).orElseThrow().services().stream()
                    .filter(s -> s.name().equals("worker-1"))
                    .findFirst()
                    .orElseThrow();
            assertThat(restarted.port()).as("same port").isEqualTo(worker.port());
            assertThat(StackFile.read(stackFile).orElseThrow().startedAt())
                    .as("when the stack became ready, kept")
                    .isEqualTo(started.startedAt());
            assertThat(ProcessHandle.of(restarted.pid()).map(ProcessHandle::isAlive))
                    .contains(true);

            Cli.Run status = Cli.run("status");
            assertThat(status.rc()).isZero();
            assertThat(status.out())
                    .containsPattern("(?m)^worker-1\\s+UP\\s+" + restarted.pid() + "\\s+1\\s+")
                    .containsPattern("(?m)^process-service\\s+UP\\s+\\d+\\s+0\\s+");
            assertThat(Files.readString(dir.resolve("state/logs/daemon.log")))
                    .contains("supervisor: worker-1 (pid " + worker.pid()
                            + ") exited with code 137; restarting in 1000 ms")
                    .contains("supervisor: worker-1 restarted (pid " + restarted.pid() + ", restart 1)");
        } finally {
            Cli.Run down = Cli.run("down");
            System.clearProperty(StackFile.LOCATION_PROPERTY);
            assertThat(down.rc()).isZero();
            assertThat(stackFile).doesNotExist();
        }
    }
}
