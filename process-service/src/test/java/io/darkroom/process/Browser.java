package io.darkroom.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian ({@code chromium}, {@code chromium-driver}; {@code ./darkroom test} installs them when
 * missing) driven by Selenium, at 1280x800. Nothing is downloaded: the browser and the driver are given by path.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("darkroom.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("darkroom.chromedriver", "/usr/bin/chromedriver"));
    static final Path SHOTS =
            Path.of(System.getProperty("darkroom.root", "."), "process-service", "target", "screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;

    Browser(String base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + DRIVER + "): run ./darkroom test, which installs them, or "
                    + "apt-get install chromium chromium-driver");
        }
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
                "--disable-extensions",
                "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 800));
        // live updates replace rows in place: an element found a moment ago may be gone, look again
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String url(String path) {
        return base + path;
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The visible text of an element, read again when a live update replaced it meanwhile. */
    String text(By by) {
        return read(d -> {
            WebElement e = d.findElement(by);
            return e.isDisplayed() ? e.getText() : null;
        });
    }

    /** Evaluates a query against the page until it answers, looking again when a live update replaced an element. */
    <T> T read(Function<WebDriver, T> query) {
        return wait.until(query::apply);
    }

    /** Signs in through the form and waits for the page the form leads to. */
    void signIn(String user, String password) {
        open("/ui/login");
        find(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("whoami")));
    }

    void signOut() {
        find(By.id("logout")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in")));
    }

    /** Saves a screenshot as target/screenshots/NAME.png; returns its path. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SHOTS);
            File f = driver.getScreenshotAs(OutputType.FILE);
            Path target = SHOTS.resolve(name + ".png");
            Files.copy(f.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
