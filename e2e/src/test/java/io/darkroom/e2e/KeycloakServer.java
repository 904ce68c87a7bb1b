package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.Json;
import io.darkroom.local.Ports;
import io.darkroom.local.RepoPaths;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak (org.keycloak:keycloak-quarkus-dist, unpacked into e2e/target/keycloak by the build), started with
 * {@code kc.sh start-dev} on 127.0.0.1 and free ports with realm deploy/keycloak/darkroom-realm.json imported, for
 * the OIDC end-to-end tests ({@link KeycloakIT}, {@link KeycloakWebSignInIT}). Keycloak needs Java 21+: without one
 * under /usr/lib/jvm (or $DARKROOM_KEYCLOAK_JAVA_HOME) the calling test class is skipped, saying so.
 */
final class KeycloakServer implements AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    final String issuer;
    final Path log;

    private KeycloakServer(Process process, String issuer, Path log) {
        this.process = process;
        this.issuer = issuer;
        this.log = log;
    }

    static Optional<Path> java21() {
        String env = System.getenv("DARKROOM_KEYCLOAK_JAVA_HOME");
        Stream<Path> candidates = env != null ? Stream.of(Path.of(env)) : Stream.empty();
        try (Stream<Path> jvms =
                Files.isDirectory(Path.of("/usr/lib/jvm")) ? Files.list(Path.of("/usr/lib/jvm")) : Stream.empty()) {
            List<Path> all = Stream.concat(candidates, jvms.sorted()).toList();
            for (Path home : all) {
                Path release = home.resolve("release");
                if (Files.isExecutable(home.resolve("bin/java")) && Files.isRegularFile(release)) {
                    String v = Files.readString(release).replaceAll("(?s).*JAVA_VERSION=\"(\\d+).*", "$1");
                    if (v.matches("\\d+") && Integer.parseInt(v) >= 21) {
                        return Optional.of(home);
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Starts Keycloak and waits until realm darkroom answers its discovery document; log under e2e/target/NAME.log. */
    static KeycloakServer start(String logName) throws IOException {
        Optional<Path> jdk = java21();
        assumeThat(jdk)
                .as("Keycloak 26 needs Java 21+; no JDK 21+ under /usr/lib/jvm and no"
                        + " $DARKROOM_KEYCLOAK_JAVA_HOME: the OIDC end-to-end test is SKIPPED")
                .isPresent();
        Path kcHome = RepoPaths.repoRoot().resolve("e2e/target/keycloak/keycloak-26.5.6");
        assertThat(kcHome.resolve("bin/kc.sh"))
                .as("the build unpacks keycloak-quarkus-dist here")
                .isRegularFile();
        // a fresh dev database each start: an existing realm would not be imported again, and the test would run
        // against the realm of an earlier checkout instead of the file in the repo
        Path devDb = kcHome.resolve("data/h2");
        if (Files.isDirectory(devDb)) {
            try (Stream<Path> files = Files.walk(devDb)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Path importDir = kcHome.resolve("data/import");
        Files.createDirectories(importDir);
        Files.copy(
                RepoPaths.repoRoot().resolve("deploy/keycloak/darkroom-realm.json"),
                importDir.resolve("darkroom-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
        int port = Ports.free();
        int management = Ports.free();
        Path log = RepoPaths.repoRoot().resolve("e2e/target/" + logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        kcHome.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--import-realm",
                        "--http-host=127.0.0.1",
                        "--http-port=" + port,
                        "--http-management-port=" + management,
                        "--cache=local")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", jdk.get().toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "keycloak-test-admin");
        KeycloakServer kc = new KeycloakServer(pb.start(), "http://127.0.0.1:" + port + "/realms/darkroom", log);
        await("Keycloak serving realm darkroom (log " + log + ")")
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(kc.process.isAlive())
                            .as("Keycloak exited; see " + log)
                            .isTrue();
                    return status(kc.issuer + "/.well-known/openid-configuration") == 200;
                });
        return kc;
    }

    static int status(String url) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url)).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A realm user's access token by the password grant of client darkroom-cli (password: NAME-test-password). */
    String token(String user) throws Exception {
        String form = "grant_type=password&client_id=darkroom-cli&scope=openid&username=" + user + "&password="
                + URLEncoder.encode(user + "-test-password", StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).path("access_token").asText();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
