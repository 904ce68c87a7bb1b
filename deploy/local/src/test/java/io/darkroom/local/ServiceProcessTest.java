package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher against a stand-in service ({@link FakeService}) packed into an executable jar here. */
class ServiceProcessTest {
    @TempDir
    static Path dir;

    static Path jar;

    @BeforeAll
    static void packFakeService() throws IOException {
        jar = dir.resolve("fake-service.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream cls = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            cls.transferTo(out);
            out.closeEntry();
        }
    }

    @Test
    void startsWaitsUntilReadyPassesConfigAndStopsGracefully() throws Exception {
        ServiceProcess s = ServiceProcess.launch(
                "fake-a", jar, Map.of("darkroom.worker.id", "worker-7", "fake.ready-after-ms", "1500"), dir);
        try {
            s.awaitReady(Duration.ofSeconds(30));
            assertThat(s.alive()).isTrue();
            assertThat(s.pid()).isPositive();
            assertThat(s.url()).isEqualTo("http://127.0.0.1:" + s.port());
            HttpResponse<String> res = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(s.url() + "/q/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).isEqualTo(200);
        } finally {
            s.stop();
        }
        assertThat(s.alive()).isFalse();
        assertThat(s.logFile()).isEqualTo(dir.resolve("logs/fake-a.log"));
        String log = Files.readString(s.logFile());
        assertThat(log).contains("config darkroom.worker.id=worker-7").contains("stopped gracefully");
    }

    @Test
    void killEndsTheProcessAtOnceWithoutItsShutdownHook() throws Exception {
        ServiceProcess s = ServiceProcess.launch("fake-b", jar, Map.of(), dir).awaitReady(Duration.ofSeconds(30));
        s.kill();
        assertThat(s.alive()).isFalse();
        assertThat(Files.readString(s.logFile())).contains("listening").doesNotContain("stopped gracefully");
    }

    @Test
    void aServiceThatExitsEarlyFailsFastNamingItsLog() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> ServiceProcess.launch("fake-c", jar, Map.of("fake.exit-code", "3"), dir)
                        .awaitReady(Duration.ofSeconds(60)))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("fake-c exited with code 3")
                .hasMessageContaining(dir.resolve("logs/fake-c.log").toString())
                .hasMessageContaining("failing on purpose");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aServiceNeverReadyTimesOutAndIsKilled() {
        ServiceProcess s = ServiceProcess.launch("fake-d", jar, Map.of("fake.ready-after-ms", "600000"), dir);
        assertThatThrownBy(() -> s.awaitReady(Duration.ofSeconds(3)))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("fake-d was not ready within 3 s")
                .hasMessageContaining("status 503");
        assertThat(s.alive()).isFalse();
    }

    @Test
    void aMissingFastJarSaysHowToBuildIt() {
        assertThatThrownBy(() -> ServiceProcess.launch("ghost", "no-such-module", Map.of(), dir))
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("no-such-module/target/quarkus-app/quarkus-run.jar is missing");
    }
}
