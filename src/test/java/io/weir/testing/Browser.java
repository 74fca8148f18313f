package io.weir.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with the flags that work on a closed network as
 * root. Screenshots go to {@code target/screenshots} for a person to look at.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;

    public Browser() throws IOException {
        if (!new File(TestServices.CHROMIUM).canExecute() || !new File(TestServices.CHROMEDRIVER).canExecute()) {
            throw new AssertionError("Chromium or ChromeDriver is missing: run .ci/services up");
        }
        Path profile = Files.createTempDirectory("weir-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(TestServices.CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(TestServices.CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return driver;
    }

    /** A wait that polls every 100 ms and retries when the page re-renders the element it was reading. */
    public WebDriverWait waitUpTo(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Waits until {@code condition} holds; on timeout saves a screenshot named after {@code what}
     * and fails with the page's address and text, so a failure can be understood from the report.
     */
    public void await(String what, Duration timeout, Function<WebDriver, Boolean> condition) {
        try {
            waitUpTo(timeout).until(condition::apply);
        } catch (TimeoutException e) {
            String shot;
            try {
                shot = screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-")).toString();
            } catch (IOException | RuntimeException screenshotFailure) {
                shot = "no screenshot: " + screenshotFailure;
            }
            throw new AssertionError("waited " + timeout + " for " + what + " at " + driver.getCurrentUrl()
                    + " (screenshot " + shot + "); the page said:\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Signs in through the login page at {@code baseUrl}/login and waits for the page behind it. */
    public void signIn(String baseUrl, String username, String password) {
        submitLogin(baseUrl, username, password);
        // Until the sign-in's redirect has landed, a navigation of the caller would race with it.
        await("the page after signing in", Duration.ofSeconds(30), d -> !d.getCurrentUrl().contains("/login")
                && d.findElement(By.tagName("body")).getText().contains("Sign out"));
    }

    /** Fills in and submits the login form, without waiting for what the server answers. */
    public void submitLogin(String baseUrl, String username, String password) {
        driver.get(baseUrl + "/login");
        await("the login form", Duration.ofSeconds(30),
                d -> !d.findElements(By.cssSelector("#vaadinLoginUsername input")).isEmpty());
        driver.findElement(By.cssSelector("#vaadinLoginUsername input")).sendKeys(username);
        driver.findElement(By.cssSelector("#vaadinLoginPassword input")).sendKeys(password);
        driver.findElement(By.cssSelector("vaadin-button[slot='submit']")).click();
    }

    public Path screenshot(String name) throws IOException {
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
