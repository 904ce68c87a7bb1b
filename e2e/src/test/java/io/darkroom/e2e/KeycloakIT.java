package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.Ports;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.local.UpscaleModels;
import io.darkroom.models.tfjs.NpmPack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC end to end against a real Keycloak (org.keycloak:keycloak-quarkus-dist, unpacked into e2e/target/keycloak
 * by the build), started here with {@code kc.sh start-dev} on 127.0.0.1 and free ports, realm
 * deploy/keycloak/darkroom-realm.json imported. A stack (no workers) trusts it as its OpenID provider beside the
 * built-in users. Realm users sign in with the password grant; their roles come from their groups. Keycloak needs
 * Java 21+: without one under /usr/lib/jvm (or $DARKROOM_KEYCLOAK_JAVA_HOME) the test is skipped, saying so.
 */
class KeycloakIT {
    static final SourceClip CLIP = new SourceClip("webm/vp9_profile2_10bit_roadtrip.webm");
    static Process keycloak;
    static Stack stack;
    static String issuer;
    static Path kcLog;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    record SourceClip(String path) {
    }

    static Optional<Path> java21() {
        String env = System.getenv("DARKROOM_KEYCLOAK_JAVA_HOME");
        Stream<Path> candidates = env != null ? Stream.of(Path.of(env)) : Stream.empty();
        try (Stream<Path> jvms = Files.isDirectory(Path.of("/usr/lib/jvm")) ? Files.list(Path.of("/usr/lib/jvm"))
                : Stream.empty()) {
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

    @BeforeAll
    static void startKeycloakAndStack() throws Exception {
        Optional<Path> jdk = java21();
        assumeThat(jdk).as("Keycloak 26 needs Java 21+; no JDK 21+ under /usr/lib/jvm and no"
                + " $DARKROOM_KEYCLOAK_JAVA_HOME: the OIDC end-to-end test is SKIPPED").isPresent();
        assumeThat(NpmPack.npmAvailable()).as("npm is not on the PATH: the upscale model cannot be imported")
                .isTrue();
        Path kcHome = RepoPaths.repoRoot().resolve("e2e/target/keycloak/keycloak-26.5.6");
        assertThat(kcHome.resolve("bin/kc.sh")).as("the build unpacks keycloak-quarkus-dist here").isRegularFile();
        Path importDir = kcHome.resolve("data/import");
        Files.createDirectories(importDir);
        Files.copy(RepoPaths.repoRoot().resolve("deploy/keycloak/darkroom-realm.json"),
                importDir.resolve("darkroom-realm.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int port = Ports.free();
        int management = Ports.free();
        kcLog = RepoPaths.repoRoot().resolve("e2e/target/keycloak.log");
        ProcessBuilder pb = new ProcessBuilder(kcHome.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management,
                "--cache=local")
                .redirectErrorStream(true).redirectOutput(kcLog.toFile());
        pb.environment().put("JAVA_HOME", jdk.get().toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "keycloak-test-admin");
        keycloak = pb.start();
        issuer = "http://127.0.0.1:" + port + "/realms/darkroom";
        await("Keycloak serving realm darkroom (log " + kcLog + ")").atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    assertThat(keycloak.isAlive()).as("Keycloak exited; see " + kcLog).isTrue();
                    return status(issuer + "/.well-known/openid-configuration") == 200;
                });

        UpscaleModels.ensure(StackExtension.modelsDir(), RepoPaths.repoRoot().resolve("e2e/target/npm"));
        Path stateDir = Files.createTempDirectory(Files.createDirectories(RepoPaths.repoRoot()
                .resolve("e2e/target")), "e2e-oidc-");
        stack = Stack.start(stateDir, Stack.Options.defaults().withWorkers(0).withModelsDir(StackExtension.modelsDir())
                .withConfig("darkroom.security.oidc.issuer", issuer)
                .withConfig("quarkus.oidc.oidc.tenant-enabled", "true")
                .withConfig("quarkus.oidc.oidc.auth-server-url", issuer)
                .withConfig("quarkus.oidc.oidc.roles.role-claim-path", "groups"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (keycloak != null) {
            keycloak.destroy();
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly();
            }
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A realm user's access token by the password grant of client darkroom-cli. */
    private static String token(String user) throws Exception {
        String form = "grant_type=password&client_id=darkroom-cli&scope=openid&username=" + user + "&password="
                + URLEncoder.encode(user + "-test-password", StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer
                + "/protocol/openid-connect/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).path("access_token").asText();
    }

    @Test
    void realmUsersSignInWithTheirGroupsAsRolesAndTheApprovalIsRecordedUnderTheKeycloakSubject() throws Exception {
        DarkroomClient sue = new DarkroomClient(stack.ingestUrl(), stack.processUrl(), token("sue"));
        DarkroomClient kai = new DarkroomClient(stack.ingestUrl(), stack.processUrl(), token("kai"));

        JsonNode me = sue.me();
        assertThat(me.path("issuer").asText()).isEqualTo(issuer);
        assertThat(me.path("subject").asText()).as("Keycloak's user id").matches("[0-9a-f-]{36}");
        assertThat(me.path("name").asText()).isEqualTo("Sue Supervisor");
        assertThat(Json.mapper().convertValue(me.path("roles"), List.class)).containsExactly("supervisor");
        String sueSubject = me.path("subject").asText();
        assertThat(Json.mapper().convertValue(kai.me().path("roles"), List.class)).containsExactly("artist");

        // the artist submits a gated upscale; the built-in users still work beside the provider
        Recipe recipe = new Recipe(List.of(new OutputSpec("master", "prores-hq", 0, 0, null)), 36,
                List.of(new Op.Upscale(UpscaleModels.NAME, 2, 128, 16, null, Op.Upscale.Device.AUTO)),
                "E2E OIDC", null, Recipe.APPROVAL_REQUIRED, 1);
        String jobId = kai.submit(new JobSpec("e2e oidc approval", 50, null, List.of(Jobs.media(CLIP.path())),
                recipe, null)).jobId();
        assertThat(stack.client(io.darkroom.local.LocalAuth.DemoUser.SUPERVISOR).me().path("issuer").asText())
                .isEqualTo("darkroom");

        DarkroomClient.Gate gate = sue.awaitGate(jobId, Duration.ofMinutes(4), g -> { },
                g -> g.approval() != null && (g.approval().ready() || g.approval().settled()));
        assertThat(gate.approval().ready()).as(String.valueOf(gate.approval().error())).isTrue();

        DarkroomClient.ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                DarkroomClient.ApiException.class, () -> kai.approve(jobId, "model", null));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.detail()).contains("supervisor");
        sue.approve(jobId, "model", "approved through Keycloak");
        assertThat(sue.approval(jobId).decidedBy()).isEqualTo("Sue Supervisor");

        JsonNode audit = sue.audit(jobId, null, null);
        JsonNode approve = null;
        for (JsonNode row : audit) {
            if ("approve".equals(row.path("action").asText()) && row.path("status").asInt() == 200) {
                approve = row;
            }
        }
        assertThat(approve).as("audit rows " + audit).isNotNull();
        assertThat(approve.path("actorSubject").asText()).isEqualTo(sueSubject);
        assertThat(approve.path("actorIssuer").asText()).isEqualTo(issuer);
        assertThat(approve.path("actorRoles").asText()).isEqualTo("supervisor");
        assertThat(audit.findValuesAsText("status")).contains("403");
    }
}
