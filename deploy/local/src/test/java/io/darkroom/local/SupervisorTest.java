package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor against a stand-in service ({@link FakeService}): restart on a crash, none on a stop, give-up. */
class SupervisorTest {
    @TempDir
    static Path dir;

    static Path jar;
    static final Duration READY = Duration.ofSeconds(30);

    @BeforeAll
    static void pack() throws IOException {
        jar = FakeService.packJar(dir);
    }

    static Supervisor.Policy fast() {
        return new Supervisor.Policy(Duration.ofMillis(50), Duration.ofMillis(200), 5, Duration.ofSeconds(60), READY);
    }

    static Supervisor.Status next(BlockingQueue<Supervisor.Status> events) throws InterruptedException {
        Supervisor.Status s = events.poll(60, TimeUnit.SECONDS);
        assertThat(s).as("a supervisor event within 60 s").isNotNull();
        return s;
    }

    @Test
    void backoffDoublesFromOneSecondUpToTheCap() {
        Supervisor.Policy p = Supervisor.Policy.defaults();
        assertThat(p.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.backoff(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.backoff(40)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxCrashes()).isEqualTo(5);
        assertThat(p.window()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aKilledServiceIsRestartedOnItsPortAndAStoppedOneIsNot() throws Exception {
        BlockingQueue<Supervisor.Status> events = new LinkedBlockingQueue<>();
        AtomicReference<ServiceProcess> current = new AtomicReference<>(
                ServiceProcess.launch("sup-a", jar, Map.of(), dir).awaitReady(READY));
        int port = current.get().port();
        long firstPid = current.get().pid();
        try (Supervisor sup = new Supervisor(fast(), events::add)) {
            sup.watch(current.get(), p -> ServiceProcess.launch("sup-a", jar, Map.of(), dir, p), current::set);
            current.get().kill();

            Supervisor.Status restarting = next(events);
            assertThat(restarting.state()).isEqualTo(Supervisor.State.RESTARTING);
            assertThat(restarting.lastExit()).isEqualTo(137);
            assertThat(restarting.message()).contains("restarting in 50 ms");
            Supervisor.Status up = next(events);
            assertThat(up.state()).isEqualTo(Supervisor.State.UP);
            assertThat(up.restarts()).isEqualTo(1);
            assertThat(current.get().pid()).isNotEqualTo(firstPid).isEqualTo(up.pid());
            assertThat(current.get().port()).isEqualTo(port);
            assertThat(current.get().alive()).isTrue();

            current.get().stop();
            assertThat(events.poll(2, TimeUnit.SECONDS))
                    .as("no restart after a requested stop")
                    .isNull();
            assertThat(sup.status("sup-a").restarts()).isEqualTo(1);
        } finally {
            current.get().stop();
        }
        assertThat(Files.readString(dir.resolve("logs/sup-a.log")).split("listening", -1))
                .hasSize(3);
    }

    @Test
    void aServiceThatCrashesFiveTimesWithinTheWindowIsLeftDown() throws Exception {
        BlockingQueue<Supervisor.Status> events = new LinkedBlockingQueue<>();
        ServiceProcess first =
                ServiceProcess.launch("sup-b", jar, Map.of(), dir).awaitReady(READY);
        try (Supervisor sup = new Supervisor(fast(), events::add)) {
            // every relaunch exits at once with code 3
            sup.watch(first, p -> ServiceProcess.launch("sup-b", jar, Map.of("fake.exit-code", "3"), dir, p), p -> {});
            first.kill();
            for (int crash = 1; crash <= 4; crash++) {
                Supervisor.Status s = next(events);
                assertThat(s.state()).as("after crash %d", crash).isEqualTo(Supervisor.State.RESTARTING);
                assertThat(s.message()).contains("crash " + crash + " of 5");
            }
            Supervisor.Status down = next(events);
            assertThat(down.state()).isEqualTo(Supervisor.State.DOWN);
            assertThat(down.restarts()).isZero();
            assertThat(down.lastExit()).isEqualTo(3);
            assertThat(down.message())
                    .contains("sup-b exited 5 times within 60 s")
                    .contains("left down")
                    .contains("sup-b.log");
            assertThat(events.poll(1, TimeUnit.SECONDS))
                    .as("nothing after the give-up")
                    .isNull();
        } finally {
            first.stop();
        }
    }
}
