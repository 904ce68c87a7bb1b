package io.darkroom.process;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.darkroom.contracts.Actor;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.security.Role;
import io.darkroom.security.TokenSigner;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may call what on process-service: every endpoint group without a token (401 JSON), with the wrong role (403
 * naming the roles needed), with the right role (2xx); tokens that do not verify (forged, expired, foreign issuer)
 * 401 never 500; built-in users (POST /users, POST /auth/token, bcrypt in the catalog); own-jobs-only control;
 * body "by" refused; the audit trail and its append-only table.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class AuthIT {
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void noDefaultToken() {
        RestAssured.requestSpecification = null;
    }

    private static String as(String subject, Role... roles) {
        return ItSupport.bearer(subject, roles);
    }

    private static Response call(String auth, String method, String path) {
        var req = given().contentType(ContentType.JSON).body("{}");
        if (auth != null) {
            req = req.header("Authorization", auth);
        }
        return req.request(method, path);
    }

    private static void assertProblem(Response r, int status, String detailPart) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        JsonPath j = r.jsonPath();
        // the one error body of every service (recipe ApiError): problem code + error sentence
        assertThat(j.getString("problem")).as(r.asString()).isNotBlank();
        if (status == 401 || status == 403) {
            assertThat(j.getString("problem")).isEqualTo(status == 401 ? "UNAUTHORIZED" : "FORBIDDEN");
        }
        assertThat(j.getString("error")).contains(detailPart);
    }

    @Test
    void probesAreOpenEverythingElseNeedsAToken() {
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(given().get("/q/health/ready").statusCode()).isIn(200, 503);
        String job = UUID.randomUUID().toString();
        for (String[] e : new String[][] {
            {"GET", "/jobs"},
            {"GET", "/jobs/" + job},
            {"GET", "/jobs/" + job + "/approval"},
            {"GET", "/jobs/" + job + "/request"},
            {"POST", "/jobs/" + job + "/approve"},
            {"POST", "/jobs/" + job + "/reject"},
            {"POST", "/jobs/" + job + "/cancel"},
            {"POST", "/jobs/" + job + "/pause"},
            {"POST", "/jobs/" + job + "/resume"},
            {"POST", "/jobs/" + job + "/retry"},
            {"PATCH", "/jobs/" + job},
            {"GET", "/workers"},
            {"POST", "/workers/w1/drain"},
            {"POST", "/workers/w1/undrain"},
            {"GET", "/audit"},
            {"GET", "/users"},
            {"POST", "/users"},
            {"PUT", "/users/u1/roles"},
            {"GET", "/pools"},
            {"GET", "/dlq"},
            {"GET", "/models"},
            {"POST", "/models"},
            {"DELETE", "/users/u1"},
            {"GET", "/auth/me"}
        }) {
            Response r = call(null, e[0], e[1]);
            assertThat(r.statusCode()).as(e[0] + " " + e[1]).isEqualTo(401);
            assertThat(r.contentType()).as(e[0] + " " + e[1]).startsWith("application/json");
            assertThat(r.jsonPath().getString("problem")).isEqualTo("UNAUTHORIZED");
            assertThat(r.jsonPath().getString("error")).contains("./darkroom login");
        }
        // outside the REST API (HTTP permissions): 401 with the Bearer challenge
        for (String path : List.of("/q/metrics", "/q/openapi")) {
            Response r = given().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).as(path).startsWith("Bearer");
        }
    }

    @Test
    void forgedExpiredAndForeignIssuerTokensAre401NeverA500() throws Exception {
        var other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        String forged = new TokenSigner(other.generateKeyPair().getPrivate(), Actor.DARKROOM_ISSUER)
                .sign("mallory", "Mallory", List.of(Role.values()), Duration.ofHours(1))
                .token();
        String expired = new TokenSigner(
                        DarkroomTestResource.auth().keys().getPrivate(),
                        Actor.DARKROOM_ISSUER,
                        java.time.Clock.fixed(Instant.now().minus(Duration.ofHours(3)), java.time.ZoneOffset.UTC))
                .sign("ana", "Ana", List.of(Role.ARTIST), Duration.ofHours(1))
                .token();
        String foreign = new TokenSigner(DarkroomTestResource.auth().keys().getPrivate(), "https://idp.example")
                .sign("ana", "Ana", List.of(Role.ARTIST), Duration.ofHours(1))
                .token();
        for (String t : List.of(forged, expired, foreign, "not-a-jwt", "a.b.c")) {
            Response r = call("Bearer " + t, "GET", "/jobs");
            assertProblem(r, 401, "no valid token");
        }
    }

    @Test
    void wrongRoleIs403NamingTheRoleRightRoleIs2xx() {
        String job = UUID.randomUUID().toString();
        String artist = as("ana", Role.ARTIST);
        String supervisor = as("sam", Role.SUPERVISOR);
        String ops = as("oli", Role.OPS);
        String admin = as("root", Role.ADMIN);

        // jobs: every role reads
        for (String t : List.of(artist, supervisor, ops, admin)) {
            assertThat(call(t, "GET", "/jobs").statusCode()).isEqualTo(200);
        }
        // approval: supervisor only
        assertProblem(call(artist, "POST", "/jobs/" + job + "/approve"), 403, "supervisor");
        assertProblem(call(ops, "POST", "/jobs/" + job + "/approve"), 403, "supervisor");
        assertThat(call(ops, "POST", "/jobs/" + job + "/approve").jsonPath().getList("allowed"))
                .containsExactly("supervisor");
        assertThat(call(supervisor, "POST", "/jobs/" + job + "/approve").statusCode())
                .isEqualTo(404);
        assertProblem(call(admin, "POST", "/jobs/" + job + "/reject"), 403, "supervisor");
        // priority: supervisor or ops
        assertProblem(call(artist, "PATCH", "/jobs/" + job), 403, "supervisor or ops");
        assertThat(given().header("Authorization", ops)
                        .contentType(ContentType.JSON)
                        .body("{\"priority\": 10}")
                        .patch("/jobs/" + job)
                        .statusCode())
                .isEqualTo(404);
        // control: not ops, not admin
        assertProblem(call(ops, "POST", "/jobs/" + job + "/cancel"), 403, "artist or supervisor");
        assertProblem(call(admin, "POST", "/jobs/" + job + "/pause"), 403, "artist or supervisor");
        // workers: ops drains; artists do not even see them
        assertProblem(call(artist, "GET", "/workers"), 403, "supervisor, ops or admin");
        assertThat(call(supervisor, "GET", "/workers").statusCode()).isEqualTo(200);
        assertProblem(call(supervisor, "POST", "/workers/w1/drain"), 403, "ops");
        assertProblem(call(admin, "POST", "/workers/w1/undrain"), 403, "ops");
        String worker = "it-auth-" + UUID.randomUUID().toString().substring(0, 8);
        ItSupport.heartbeat(worker, "cpu", 1, 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> call(ops, "GET", "/workers")
                .jsonPath()
                .getList("id", String.class)
                .contains(worker));
        assertThat(call(ops, "POST", "/workers/" + worker + "/drain").statusCode())
                .isEqualTo(202);
        assertThat(call(ops, "POST", "/workers/" + worker + "/undrain").statusCode())
                .isEqualTo(202);
        // audit: supervisor, admin
        assertProblem(call(artist, "GET", "/audit"), 403, "supervisor or admin");
        assertProblem(call(ops, "GET", "/audit"), 403, "supervisor or admin");
        assertThat(call(supervisor, "GET", "/audit").statusCode()).isEqualTo(200);
        assertThat(call(admin, "GET", "/audit").statusCode()).isEqualTo(200);
        // users: admin
        assertProblem(call(supervisor, "GET", "/users"), 403, "admin");
        assertProblem(call(ops, "POST", "/users"), 403, "admin");
        assertThat(call(admin, "GET", "/users").statusCode()).isEqualTo(200);
        // queues and dead letters: supervisor, ops, admin
        assertProblem(call(artist, "GET", "/pools"), 403, "ops");
        assertProblem(call(artist, "GET", "/dlq"), 403, "ops");
        JsonPath pools = given().header("Authorization", ops)
                .get("/pools")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(pools.getList("pool", String.class))
                .as("the configured pools")
                .isNotEmpty();
        assertThat(pools.getList("queued", Long.class))
                .allSatisfy(q -> assertThat(q).isNotNegative());
        JsonPath dlq = given().header("Authorization", ops)
                .get("/dlq")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(dlq.getList("topic", String.class)).contains("darkroom.tasks.dlq");
        // metrics: ops or admin (HTTP permission, JSON 403)
        Response m = call(artist, "GET", "/q/metrics");
        assertThat(m.statusCode()).isEqualTo(403);
        assertThat(m.contentType()).startsWith("application/json");
        assertThat(m.jsonPath().getList("allowed", String.class))
                .as("the 403 names the roles")
                .containsExactly("ops", "admin");
        assertThat(given().header("Authorization", ops).get("/q/metrics").statusCode())
                .isEqualTo(200);
        // API description: anyone signed in
        assertThat(given().header("Authorization", artist).get("/q/openapi").statusCode())
                .isEqualTo(200);
        // who am I
        JsonPath me = given().header("Authorization", supervisor)
                .get("/auth/me")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(me.getString("subject")).isEqualTo("sam");
        assertThat(me.getString("issuer")).isEqualTo("darkroom");
        assertThat(me.getList("roles", String.class)).containsExactly("supervisor");
    }

    @Test
    void aBodyThatIsNotJsonIs400NamingIt() {
        String admin = as("root", Role.ADMIN);
        assertProblem(
                given().contentType(ContentType.JSON).body("{\"username\": ").post("/auth/token"),
                400,
                "The body is not JSON.");
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("[1, 2")
                        .post("/users"),
                400,
                "The body is not JSON.");
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("roles: admin")
                        .put("/users/root/roles"),
                400,
                "The body is not JSON.");
    }

    @Test
    void aMisspeltFieldIsRefusedNotIgnored() {
        String admin = as("root", Role.ADMIN);
        Response login = given().contentType(ContentType.JSON)
                .body("{\"username\": \"root\", \"pasword\": \"x\"}")
                .post("/auth/token");
        assertProblem(
                login,
                422,
                "Unknown field 'pasword' in the body (did you mean 'password'?); its fields: password, username.");
        assertThat(login.jsonPath().getString("problem")).isEqualTo("UNKNOWN_FIELD");
        // a role list under another name would have left the user without roles
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("{\"role\": [\"admin\"]}")
                        .put("/users/root/roles"),
                422,
                "Unknown field 'role' in the body (did you mean 'roles'?)");
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("{\"username\": \"u-typo\", \"password\": \"correct horse\", \"roles\": [\"artist\"],"
                                + " \"email\": \"u@example.org\"}")
                        .post("/users"),
                422,
                "Unknown field 'email' in the body; its fields: name, password, roles, username.");
        assertThat(given().header("Authorization", admin)
                        .get("/users")
                        .jsonPath()
                        .getList("username", String.class))
                .doesNotContain("u-typo");
    }

    @Test
    void anAdminAddsAUserWhoSignsInWithABcryptCheckedPassword() throws Exception {
        String admin = as("root", Role.ADMIN);
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", admin)
                .contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"name\": \"Una User\", \"password\": \"correct horse\","
                        + " \"roles\": [\"artist\"]}")
                .post("/users")
                .then()
                .statusCode(201);
        // taken, bad role, short password
        assertThat(given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("{\"username\": \"" + name
                                + "\", \"password\": \"correct horse\", \"roles\": [\"artist\"]}")
                        .post("/users")
                        .statusCode())
                .isEqualTo(409);
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("{\"username\": \"x" + name
                                + "\", \"password\": \"correct horse\", \"roles\": [\"god\"]}")
                        .post("/users"),
                422,
                "unknown role 'god'");
        assertProblem(
                given().header("Authorization", admin)
                        .contentType(ContentType.JSON)
                        .body("{\"username\": \"y" + name + "\", \"password\": \"short\", \"roles\": [\"artist\"]}")
                        .post("/users"),
                422,
                "at least 8");

        // the catalog holds a bcrypt hash, not the password
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT password_hash FROM users WHERE username = '" + name + "'");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("$2").doesNotContain("correct horse");
        }

        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"username\": \"" + name + "\", \"password\": \"wrong horse\"}")
                        .post("/auth/token"),
                401,
                "wrong user name or password");
        assertProblem(
                given().contentType(ContentType.JSON)
                        .body("{\"username\": \"nobody-" + name + "\", \"password\": \"wrong horse\"}")
                        .post("/auth/token"),
                401,
                "wrong user name or password");
        JsonPath login = given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"correct horse\"}")
                .post("/auth/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(login.getString("tokenType")).isEqualTo("Bearer");
        assertThat(Instant.parse(login.getString("expiresAt"))).isAfter(Instant.now());
        String token = "Bearer " + login.getString("token");
        JsonPath me = given().header("Authorization", token)
                .get("/auth/me")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(me.getString("subject")).isEqualTo(name);
        assertThat(me.getString("name")).isEqualTo("Una User");
        assertThat(me.getList("roles", String.class)).containsExactly("artist");
        assertProblem(call(token, "GET", "/users"), 403, "admin");
    }

    private static Response addUser(String admin, String name, String role) {
        return given().header("Authorization", admin)
                .contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"correct horse\", \"roles\": [\"" + role
                        + "\"]}")
                .post("/users");
    }

    private static Response login(String name) {
        return given().contentType(ContentType.JSON)
                .body("{\"username\": \"" + name + "\", \"password\": \"correct horse\"}")
                .post("/auth/token");
    }

    @Test
    void anAdminChangesRolesAndRemovesUsersButNeverTheLastAdmin() {
        String root = as("root", Role.ADMIN);
        String id = UUID.randomUUID().toString().substring(0, 8);
        String una = "una-" + id;
        String ada = "ada-" + id;
        assertThat(addUser(root, una, "artist").statusCode()).isEqualTo(201);
        assertThat(addUser(root, ada, "admin").statusCode()).isEqualTo(201);
        List<String> admins = given().header("Authorization", root)
                .get("/users")
                .jsonPath()
                .getList("findAll { it.roles.contains('admin') }.username", String.class);
        assertThat(admins).as("this test's admin is the site's only one").containsExactly(ada);

        // roles: the next sign-in carries them
        Response changed = given().header("Authorization", root)
                .contentType(ContentType.JSON)
                .body("{\"roles\": [\"supervisor\", \"ops\"]}")
                .put("/users/" + una + "/roles");
        assertThat(changed.statusCode()).as(changed.body().asString()).isEqualTo(200);
        assertThat(changed.jsonPath().getList("roles", String.class)).containsExactly("supervisor", "ops");
        assertThat(login(una).jsonPath().getList("roles", String.class)).containsExactly("supervisor", "ops");
        assertProblem(
                given().header("Authorization", root)
                        .contentType(ContentType.JSON)
                        .body("{\"roles\": [\"god\"]}")
                        .put("/users/" + una + "/roles"),
                422,
                "unknown role 'god'");
        assertProblem(
                given().header("Authorization", root)
                        .contentType(ContentType.JSON)
                        .body("{\"roles\": [\"artist\"]}")
                        .put("/users/nobody-" + id + "/roles"),
                404,
                "no user");
        String supervisor = as("sam", Role.SUPERVISOR);
        assertProblem(
                given().header("Authorization", supervisor)
                        .contentType(ContentType.JSON)
                        .body("{\"roles\": [\"admin\"]}")
                        .put("/users/" + una + "/roles"),
                403,
                "admin");
        assertProblem(call(supervisor, "DELETE", "/users/" + una), 403, "admin");

        // the last admin can be neither demoted nor removed
        assertProblem(
                given().header("Authorization", root)
                        .contentType(ContentType.JSON)
                        .body("{\"roles\": [\"ops\"]}")
                        .put("/users/" + ada + "/roles"),
                409,
                "last admin");
        assertProblem(call(root, "DELETE", "/users/" + ada), 409, "last admin");

        // removed: no more sign-in, and a second removal is a 404
        assertThat(call(root, "DELETE", "/users/" + una).statusCode()).isEqualTo(204);
        assertProblem(login(una), 401, "wrong user name or password");
        assertProblem(call(root, "DELETE", "/users/" + una), 404, "no user");

        JsonPath audit = given().header("Authorization", root)
                .queryParam("actor", "root")
                .get("/audit")
                .jsonPath();
        assertThat(audit.getList("findAll { it.outcome == 'ok' }.action", String.class))
                .contains("user.roles", "user.remove");
        assertThat(audit.getList("findAll { it.outcome == 'rejected' }.action", String.class))
                .contains("user.roles", "user.remove");
        assertThat(audit.getList("findAll { it.action == 'user.remove' }.path", String.class))
                .anySatisfy(t -> assertThat(t).contains(una));
    }

    @Test
    void anArtistControlsOnlyTheirOwnJobsAndNobodyNamesThemselvesInTheBody() {
        String pool = "it-own-" + UUID.randomUUID().toString().substring(0, 8);
        JobSubmitted base = ItSupport.job(pool, ItSupport.GOPRO, null, 320, 180);
        JobSubmitted job = new JobSubmitted(
                base.schema(),
                base.jobId(),
                base.name(),
                base.priority(),
                base.pool(),
                base.recipe(),
                base.sources(),
                base.destination(),
                "Ana",
                base.submittedAt(),
                null,
                new Actor("ana", "Ana", Actor.DARKROOM_ISSUER));
        ItSupport.submit(job);
        String ana = as("ana", Role.ARTIST);
        String bo = as("bo", Role.ARTIST);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED"
                .equals(given().header("Authorization", ana)
                        .get("/jobs/" + job.jobId())
                        .jsonPath()
                        .getString("state")));

        assertProblem(call(bo, "POST", "/jobs/" + job.jobId() + "/pause"), 403, "only their own jobs");
        Response named = given().header("Authorization", ana)
                .contentType(ContentType.JSON)
                .body("{\"by\": \"Head of Post\"}")
                .post("/jobs/" + job.jobId() + "/pause");
        assertProblem(named, 422, "\"by\" is not accepted");
        assertThat(named.jsonPath().getString("problem")).isEqualTo("NOT_ACCEPTED");
        Response paused = call(ana, "POST", "/jobs/" + job.jobId() + "/pause");
        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(paused.jsonPath().getString("reason")).isEqualTo("paused by ana");
        assertThat(call(as("sam", Role.SUPERVISOR), "POST", "/jobs/" + job.jobId() + "/cancel")
                        .statusCode())
                .isEqualTo(200);

        // the audit trail: the refusals and the changes, each with who and how it ended
        JsonPath audit = given().header("Authorization", as("sam", Role.SUPERVISOR))
                .get("/audit?job=" + job.jobId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(audit.getList("action", String.class)).containsExactly("pause", "pause", "pause", "cancel");
        assertThat(audit.getList("actorSubject", String.class)).containsExactly("bo", "ana", "ana", "sam");
        assertThat(audit.getList("status", Integer.class)).containsExactly(403, 422, 200, 200);
        assertThat(audit.getList("outcome", String.class)).containsExactly("refused", "rejected", "ok", "ok");
        assertThat(audit.getString("[0].detail")).contains("only their own jobs");
        assertThat(audit.getList("requestId", String.class))
                .doesNotContainNull()
                .doesNotHaveDuplicates();
        JsonPath byAna = given().header("Authorization", as("root", Role.ADMIN))
                .get("/audit?actor=ana&job=" + job.jobId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(byAna.getList("action", String.class)).containsExactly("pause", "pause");
        JsonPath none = given().header("Authorization", as("root", Role.ADMIN))
                .get("/audit?since=" + Instant.now().plusSeconds(3600) + "&job=" + job.jobId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(none.getList("$")).isEmpty();
        assertProblem(
                given().header("Authorization", as("root", Role.ADMIN)).get("/audit?since=yesterday"), 400, "ISO-8601");
    }

    @Test
    void theAuditTableRefusesUpdateDeleteAndTruncate() throws Exception {
        given().header("Authorization", as("oli", Role.OPS)).post("/workers/no-such-worker/drain");
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT count(*) FROM audit_log WHERE target = 'no-such-worker'");
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
            for (String sql : List.of(
                    "UPDATE audit_log SET actor_subject = 'someone-else'",
                    "DELETE FROM audit_log",
                    "TRUNCATE audit_log")) {
                assertThatThrownBy(() -> st.execute(sql))
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            rs = st.executeQuery("SELECT count(*) FROM audit_log WHERE actor_subject = 'someone-else'");
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
