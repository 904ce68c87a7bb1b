package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Browser sign-in to the web monitor through a real Keycloak ({@link KeycloakServer}) in a real headless Chromium
 * (Debian's chromium and chromium-driver, driven by Selenium; nothing downloaded): a realm user clicks "Sign in with
 * Keycloak", signs in on Keycloak's own login page and lands on the monitor signed in under their Keycloak name,
 * with the controls of the role their realm group grants; the sign-in is in the audit trail under the Keycloak
 * subject; sign-out ends the Darkroom session and, through the link it offers, Keycloak's; a forged callback is
 * refused with a 4xx page. Screenshots go to e2e/target/screenshots.
 */
class KeycloakWebSignInIT {
    static final Path CHROMIUM = Path.of(System.getProperty("darkroom.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("darkroom.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS = RepoPaths.repoRoot().resolve("e2e/target/screenshots");
    static KeycloakServer keycloak;
    static Stack stack;
    final List<ChromeDriver> browsers = new ArrayList<>();

    @BeforeAll
    static void startKeycloakAndStack() throws Exception {
        assertThat(CHROMIUM)
                .as("Debian's chromium (apt-get install chromium chromium-driver)")
                .isExecutable();
        assertThat(DRIVER)
                .as("Debian's chromium-driver (apt-get install chromium chromium-driver)")
                .isExecutable();
        keycloak = KeycloakServer.start("keycloak-web");
        Path stateDir = Files.createTempDirectory(
                Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target")), "e2e-oidc-web-");
        stack = Stack.start(
                stateDir,
                Stack.Options.defaults()
                        .withWorkers(0)
                        .withConfig("darkroom.security.oidc.issuer", keycloak.issuer)
                        .withConfig("quarkus.oidc.oidc.tenant-enabled", "true")
                        .withConfig("quarkus.oidc.oidc.auth-server-url", keycloak.issuer)
                        .withConfig("quarkus.oidc.oidc.roles.role-claim-path", "groups")
                        .withServiceConfig(Stack.PROCESS, "darkroom.web.oidc.client-id", "darkroom-web")
                        .withServiceConfig(Stack.PROCESS, "darkroom.web.oidc.provider-name", "Keycloak"));
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

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(ChromeDriver::quit);
    }

    @Test
    void aSupervisorSignsInOnKeycloaksPageAndSeesTheSupervisorControlsAnArtistDoesNot() throws Exception {
        ChromeDriver sue = browser();
        signInWithKeycloak(sue, "sue", "/ui/jobs");
        assertThat(sue.getCurrentUrl()).startsWith(stack.processUrl() + "/ui/jobs");
        assertThat(sue.findElement(By.id("whoami")).getText()).isEqualTo("Sue Supervisor");
        assertThat(sue.findElement(By.cssSelector(".who .roles")).getText()).isEqualTo("(supervisor)");
        assertThat(sue.findElements(By.cssSelector("nav a[href='/ui/audit']")))
                .as("the supervisor's Audit link")
                .hasSize(1);
        screenshot(sue, "keycloak-sign-in-supervisor");
        sue.findElement(By.cssSelector("nav a[href='/ui/audit']")).click();
        waitFor(sue).until(ExpectedConditions.urlContains("/ui/audit"));
        assertThat(sue.findElement(By.cssSelector("h1")).getText()).containsIgnoringCase("audit");

        // the sign-in is audited under Keycloak's subject and name
        DarkroomClient api = new DarkroomClient(stack.ingestUrl(), stack.processUrl(), keycloak.token("sue"));
        String subject = api.me().path("subject").asText();
        assertThat(sue.findElement(By.id("whoami")).getAttribute("data-user")).isEqualTo(subject);
        JsonNode login = null;
        for (JsonNode row : api.audit(null, null, subject)) {
            if ("login".equals(row.path("action").asText())
                    && row.path("path").asText().equals("/ui/login/oidc/callback")) {
                login = row;
            }
        }
        assertThat(login).as("audit row of the browser sign-in").isNotNull();
        assertThat(login.path("actorName").asText()).isEqualTo("Sue Supervisor");
        assertThat(login.path("actorIssuer").asText()).isEqualTo(keycloak.issuer);
        assertThat(login.path("actorRoles").asText()).isEqualTo("supervisor");
        assertThat(login.path("outcome").asText()).isEqualTo("ok");

        // signing out ends the Darkroom session, and (the offered link) Keycloak's session too
        sue.findElement(By.id("logout")).click();
        await(sue, By.id("provider-logout"));
        assertThat(sue.findElement(By.id("signed-out")).getText()).contains("signed out of Darkroom");
        sue.findElement(By.id("provider-logout")).click();
        waitFor(sue).until(ExpectedConditions.urlToBe(stack.processUrl() + "/ui/login"));
        sue.get(stack.processUrl() + "/ui/jobs");
        await(sue, By.id("sign-in-oidc"));
        assertThat(sue.getCurrentUrl()).as("the Darkroom session is over").startsWith(stack.processUrl() + "/ui/login");
        sue.findElement(By.id("sign-in-oidc")).click();
        await(sue, By.id("username"));
        assertThat(sue.getCurrentUrl())
                .as("Keycloak asks for the password again: its session ended too")
                .startsWith(keycloak.issuer);

        // an artist (in a browser of their own) has no Audit link and the page is refused
        ChromeDriver kai = browser();
        signInWithKeycloak(kai, "kai", "/ui/jobs");
        assertThat(kai.findElement(By.id("whoami")).getText()).isEqualTo("Kai Artist");
        assertThat(kai.findElement(By.cssSelector(".who .roles")).getText()).isEqualTo("(artist)");
        assertThat(kai.findElements(By.cssSelector("nav a[href='/ui/audit']")))
                .as("no Audit link for an artist")
                .isEmpty();
        screenshot(kai, "keycloak-sign-in-artist");
        kai.get(stack.processUrl() + "/ui/audit");
        await(kai, By.id("error-title"));
        assertThat(kai.findElement(By.id("error-title")).getText()).startsWith("403");
    }

    @Test
    void aForgedCallbackIsRefusedWithA4xxPageAndNoSession() throws Exception {
        // in the browser: a sign-in is under way (its cookie is set), then a callback with another state arrives
        ChromeDriver b = browser();
        b.get(stack.processUrl() + "/ui/login");
        waitFor(b)
                .until(ExpectedConditions.elementToBeClickable(By.id("sign-in-oidc")))
                .click();
        await(b, By.id("username"));
        assertThat(b.getCurrentUrl()).startsWith(keycloak.issuer + "/protocol/openid-connect/auth");
        b.get(stack.processUrl() + "/ui/login/oidc/callback?code=forged-code&state=forged-state");
        await(b, By.id("error-title"));
        assertThat(b.findElement(By.id("error-title")).getText()).startsWith("400");
        assertThat(b.findElement(By.id("error-detail")).getText()).contains("state does not match");
        assertThat(b.findElements(By.id("whoami"))).as("not signed in").isEmpty();
        screenshot(b, "keycloak-forged-callback");

        // over plain HTTP: the status, and no stack trace, with the pending sign-in's own cookie and a wrong state,
        // and without any sign-in under way (a replayed callback)
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<Void> start = http.send(
                HttpRequest.newBuilder(URI.create(stack.processUrl() + "/ui/login/oidc?next=/ui/jobs"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(start.statusCode()).isEqualTo(303);
        assertThat(start.headers().firstValue("Location"))
                .get()
                .asString()
                .startsWith(keycloak.issuer + "/protocol/openid-connect/auth?")
                .contains("code_challenge_method=S256")
                .contains("client_id=darkroom-web")
                .contains("nonce=")
                .contains("state=");
        String pending = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("darkroom_login="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        HttpResponse<String> forged = http.send(
                HttpRequest.newBuilder(URI.create(
                                stack.processUrl() + "/ui/login/oidc/callback?code=forged-code&state=forged-state"))
                        .header("Cookie", pending)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body())
                .contains("state does not match")
                .doesNotContain("Exception")
                .doesNotContain("at io.");
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("darkroom_session="));
        HttpResponse<String> replayed = http.send(
                HttpRequest.newBuilder(URI.create(
                                stack.processUrl() + "/ui/login/oidc/callback?code=some-code&state=some-state"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(400);
        assertThat(replayed.body()).contains("no sign-in through the OpenID provider is under way");
    }

    @Test
    void aReplayedCodeIsRefusedByKeycloakAndAnswered401() throws Exception {
        // the whole flow over plain HTTP, to hold on to the callback's URL; cookies passed by hand (Keycloak marks
        // its own Secure, which Java's cookie jar keeps off plain HTTP, where Chromium sends them to 127.0.0.1)
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<Void> start = http.send(
                HttpRequest.newBuilder(URI.create(stack.processUrl() + "/ui/login/oidc?next=/ui/jobs"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        String pending = start.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("darkroom_login="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
        HttpResponse<String> loginPage = http.send(
                HttpRequest.newBuilder(URI.create(
                                start.headers().firstValue("Location").orElseThrow()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).isEqualTo(200);
        Matcher form = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>").matcher(loginPage.body());
        assertThat(form.find()).as("Keycloak's login form").isTrue();
        Matcher action = Pattern.compile("action=\"([^\"]+)\"").matcher(form.group());
        assertThat(action.find()).isTrue();
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(
                                "Cookie",
                                loginPage.headers().allValues("Set-Cookie").stream()
                                        .map(c -> c.split(";")[0])
                                        .collect(Collectors.joining("; ")))
                        .POST(HttpRequest.BodyPublishers.ofString("username=sue&password=sue-test-password"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode())
                .as(
                        "Keycloak's answer to the login form (its cookies %s): %s",
                        loginPage.headers().allValues("Set-Cookie"), posted.body())
                .isEqualTo(302);
        String callback = posted.headers().firstValue("Location").orElseThrow();
        assertThat(callback)
                .startsWith(stack.processUrl() + "/ui/login/oidc/callback?")
                .contains("code=");

        HttpResponse<String> first = http.send(
                HttpRequest.newBuilder(URI.create(callback))
                        .header("Cookie", pending)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(303);
        assertThat(first.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("darkroom_session="));

        // someone who copied the callback and the pending sign-in's cookie: state matches, the code is spent
        HttpResponse<String> replayed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(callback))
                                .header("Cookie", pending)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.body()).contains("refused the sign-in").doesNotContain("Exception");
        assertThat(replayed.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("darkroom_session="));
    }

    /** From the monitor's sign-in page through Keycloak's login page back to the monitor, signed in. */
    private void signInWithKeycloak(ChromeDriver b, String user, String landing) {
        WebDriverWait wait = waitFor(b);
        b.get(stack.processUrl() + landing);
        WebElement button = wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in-oidc")));
        assertThat(button.getText()).isEqualTo("Sign in with Keycloak");
        button.click();
        await(b, By.id("username"));
        assertThat(b.getCurrentUrl()).as("Keycloak's own login page").startsWith(keycloak.issuer);
        b.findElement(By.id("username")).sendKeys(user);
        b.findElement(By.id("password")).sendKeys(user + "-test-password");
        b.findElement(By.id("kc-login")).click();
        await(b, By.id("whoami"));
    }

    private ChromeDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,800",
                "--lang=en-US",
                "--no-first-run",
                "--disable-extensions");
        ChromeDriver d = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(DRIVER.toFile())
                        .usingAnyFreePort()
                        .build(),
                options);
        browsers.add(d);
        return d;
    }

    private static WebDriverWait waitFor(ChromeDriver b) {
        return new WebDriverWait(b, Duration.ofSeconds(30));
    }

    /** Waits for an element; on a timeout the failure says which page the browser shows instead. */
    private static WebElement await(ChromeDriver b, By by) {
        try {
            return waitFor(b).until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (TimeoutException e) {
            String text = b.findElements(By.tagName("body")).stream()
                    .map(WebElement::getText)
                    .findFirst()
                    .orElse("");
            throw new AssertionError(
                    "no " + by + " on " + b.getCurrentUrl() + " (" + b.getTitle() + "): "
                            + text.substring(0, Math.min(600, text.length())),
                    e);
        }
    }

    private static void screenshot(ChromeDriver b, String name) throws IOException {
        Files.createDirectories(SHOTS);
        File f = b.getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
