package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.ops.Op;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.JobSpec;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import io.darkroom.local.UpscaleModels;
import io.darkroom.models.tfjs.NpmPack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC end to end against a real Keycloak ({@link KeycloakServer}: keycloak-quarkus-dist started with
 * {@code kc.sh start-dev}, realm deploy/keycloak/darkroom-realm.json imported). A stack (no workers) trusts it as its OpenID provider beside the
 * built-in users. Realm users sign in with the password grant; their roles come from their groups. Keycloak needs
 * Java 21+: without one under /usr/lib/jvm (or $DARKROOM_KEYCLOAK_JAVA_HOME) the test is skipped, saying so.
 */
class KeycloakIT {
    static final SourceClip CLIP = new SourceClip("webm/vp9_profile2_10bit_roadtrip.webm");
    static KeycloakServer keycloak;
    static Stack stack;
    static String issuer;

    record SourceClip(String path) {}

    @BeforeAll
    static void startKeycloakAndStack() throws Exception {
        assumeThat(NpmPack.npmAvailable())
                .as("npm is not on the PATH: the upscale model cannot be imported")
                .isTrue();
        keycloak = KeycloakServer.start("keycloak");
        issuer = keycloak.issuer;
        var model = UpscaleModels.ensure(
                StackExtension.modelsDir(), RepoPaths.repoRoot().resolve("e2e/target/npm"));
        Path stateDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target")), "e2e-oidc-");
        stack = Stack.start(
                stateDir,
                Stack.Options.defaults()
                        .withWorkers(0)
                        .withModelsDir(StackExtension.modelsDir())
                        .withConfig("darkroom.security.oidc.issuer", issuer)
                        .withConfig("quarkus.oidc.oidc.tenant-enabled", "true")
                        .withConfig("quarkus.oidc.oidc.auth-server-url", issuer)
                        .withConfig("quarkus.oidc.oidc.roles.role-claim-path", "groups"));
        // recipes run trusted models only: registered in this stack's catalog by its built-in admin
        UpscaleModels.trust(stack.client(io.darkroom.local.LocalAuth.DemoUser.ADMIN), model);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (keycloak != null) {
            keycloak.close();
        }
    }

    private static String token(String user) throws Exception {
        return keycloak.token(user);
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
        assertThat(Json.mapper().convertValue(kai.me().path("roles"), List.class))
                .containsExactly("artist");

        // the artist submits a gated upscale; the built-in users still work beside the provider
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("master", "prores-hq", 0, 0)))
                .withSegmentFrames(36)
                .withOps(List.of(new Op.Upscale(UpscaleModels.NAME, 2, 128, 16, null, Op.Upscale.Device.AUTO)))
                .withShow("E2E OIDC")
                .withApproval(Recipe.APPROVAL_REQUIRED)
                .withPreviewFrames(1);
        String jobId = kai.submit(
                        new JobSpec("e2e oidc approval", 50, null, List.of(Jobs.media(CLIP.path())), recipe, null))
                .jobId();
        assertThat(stack.client(io.darkroom.local.LocalAuth.DemoUser.SUPERVISOR)
                        .me()
                        .path("issuer")
                        .asText())
                .isEqualTo("darkroom");

        DarkroomClient.Gate gate = sue.awaitGate(
                jobId,
                Duration.ofMinutes(4),
                g -> {},
                g -> g.approval() != null
                        && (g.approval().ready() || g.approval().settled()));
        assertThat(gate.approval().ready())
                .as(String.valueOf(gate.approval().error()))
                .isTrue();

        DarkroomClient.ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                DarkroomClient.ApiException.class, () -> kai.approve(jobId, "model", null));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.detail()).contains("supervisor");
        sue.approve(jobId, "model", "approved through Keycloak");
        assertThat(sue.approval(jobId).decidedBy()).isEqualTo("Sue Supervisor");

        JsonNode audit = sue.audit(jobId, null, null);
        JsonNode approve = null;
        for (JsonNode row : audit) {
            if ("approve".equals(row.path("action").asText())
                    && row.path("status").asInt() == 200) {
                approve = row;
            }
        }
        assertThat(approve).as("audit rows " + audit).isNotNull();
        assertThat(approve.path("actorSubject").asText()).isEqualTo(sueSubject);
        assertThat(approve.path("actorIssuer").asText()).isEqualTo(issuer);
        assertThat(approve.path("actorRoles").asText()).isEqualTo("supervisor");
        assertThat(audit.findValuesAsText("status")).contains("403");
    }

    @Test
    void theCommandLineKeepsAProviderTokenAfterProcessServiceAcceptsItAndRefusesAForgedOne() throws Exception {
        Path home = Files.createTempDirectory(RepoPaths.repoRoot().resolve("e2e/target"), "cli-oidc-");
        System.setProperty("darkroom.config.home", home.toString());
        try {
            String kai = token("kai");
            Cli.Run login = Cli.run("login", "--token", kai, "--process", stack.processUrl());
            assertThat(login.rc()).as(login.err()).isZero();
            assertThat(login.out())
                    .contains("signed in as Kai Artist")
                    .contains(" at " + issuer)
                    .contains("artist");
            Path kept = home.resolve("token.json");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                    .isEqualTo("rw-------");
            JsonNode file = Json.mapper().readTree(kept.toFile());
            assertThat(file.path("token").asText()).isEqualTo(kai);
            assertThat(file.path("issuer").asText()).isEqualTo(issuer);
            assertThat(file.path("expiresAt").asText()).as("the JWT's exp").isNotBlank();

            Cli.Run whoami = Cli.run("whoami", "--process", stack.processUrl());
            assertThat(whoami.rc()).as(whoami.err()).isZero();
            assertThat(whoami.out())
                    .contains("Kai Artist")
                    .contains("at " + issuer)
                    .contains("artist");

            String forged = kai.substring(0, kai.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
            Cli.Run refused = Cli.run("login", "--token", forged, "--process", stack.processUrl());
            assertThat(refused.rc()).isEqualTo(1);
            assertThat(refused.err()).contains("process-service refused the token (401)");
            assertThat(Json.mapper().readTree(kept.toFile()).path("token").asText())
                    .as("the kept token is unchanged")
                    .isEqualTo(kai);

            Cli.Run logout = Cli.run("logout");
            assertThat(logout.rc()).isZero();
            assertThat(kept).doesNotExist();
        } finally {
            System.clearProperty("darkroom.config.home");
        }
    }
}
