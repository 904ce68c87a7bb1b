package io.darkroom.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stack.json with the supervisor's per-service state, and one written before it had any. */
class StackFileTest {
    @TempDir
    Path dir;

    @Test
    void restartsAndStateRoundTripAndAnOlderFileReadsAsUpWithoutRestarts() throws Exception {
        Path file = dir.resolve("stack.json");
        StackFile sf = new StackFile(
                42,
                "/state",
                "http://i",
                "http://p",
                "127.0.0.1:9092",
                "jdbc:x",
                Map.of(),
                List.of(new StackFile.Service(
                        "worker-1",
                        "http://w",
                        1234,
                        77,
                        "/state/logs/worker-1.log",
                        2,
                        "DOWN",
                        "worker-1 exited 5 times within 60 s")),
                Instant.parse("2026-12-03T07:00:00Z"));
        sf.write(file);
        StackFile back = StackFile.read(file).orElseThrow();
        assertThat(back.services().get(0).restarts()).isEqualTo(2);
        assertThat(back.services().get(0).state()).isEqualTo("DOWN");
        assertThat(back.services().get(0).message()).contains("5 times");

        Files.writeString(
                file,
                """
                {"daemonPid":42,"stateDir":"/state","ingestUrl":"http://i","processUrl":"http://p",
                 "kafkaBootstrap":"k","jdbcUrl":"j","roots":{},"startedAt":"2026-12-03T07:00:00Z",
                 "services":[{"name":"process-service","url":"http://p","port":1,"pid":2,"log":"/l"}]}""");
        StackFile old = StackFile.read(file).orElseThrow();
        assertThat(old.services().get(0).restarts()).isZero();
        assertThat(old.services().get(0).state()).isNull();
    }
}
