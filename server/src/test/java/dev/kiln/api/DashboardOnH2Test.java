package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.OnH2;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real browser: Debian's chromium, headless, driven through chromium-driver. The runs list
 * renders, a running run's curves gain points without a reload, its cancel button stops it, the compare page
 * overlays two runs, the dataset and model pages render. Screenshots go to {@code target/screenshots/}. Without
 * chromium and chromium-driver the tests are skipped — except in CI ({@code CI} or {@code KILN_REQUIRE_BROWSER}
 * set), which requires them.
 */
class DashboardOnH2Test extends OnH2 {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File DRIVER = new File("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static WebDriver browser;

    @LocalServerPort
    private int port;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean present = CHROMIUM.canExecute() && DRIVER.canExecute();
        boolean required = System.getenv("CI") != null || System.getenv("KILN_REQUIRE_BROWSER") != null;
        if (!present && required) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver); .ci/run installs them");
        }
        Assumptions.assumeTrue(present, "skipped: no /usr/bin/chromium and /usr/bin/chromedriver here "
                + "(apt-get install chromium chromium-driver); CI requires them");
        var options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1100");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void open(String hash) {
        browser.get("http://localhost:" + port + "/");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "sessionStorage.setItem('kiln.key', arguments[0]);", adminKey());
        browser.get("http://localhost:" + port + "/" + hash);
        browser.navigate().refresh();
    }

    private WebElement await(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> {
            List<WebElement> found = d.findElements(what);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** The text of what {@code what} finds once it contains {@code expected} (found again if re-rendered). */
    private String awaitText(By what, String expected) {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(
                org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
                    List<WebElement> found = d.findElements(what);
                    return found.isEmpty() || !found.get(0).getText().contains(expected) ? null
                            : found.get(0).getText();
                });
    }

    private static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private String run(String hyperparameters) {
        String iris = http.uploadId("iris_train.csv");
        String model = http.createModel(BadInputContract.GOOD_MODEL);
        return http.submitRun("""
                {"datasetId": "%s", "modelId": "%s", "target": "target", "testDatasetId": "%s",
                 "hyperparameters": %s, "tags": {"team": "dashboard"}}""".formatted(iris, model, iris, hyperparameters));
    }

    @Test
    void theRunsListRendersAndFilters() throws Exception {
        String done = run("{\"epochs\": 3, \"seed\": 1}");
        http.awaitFinished(done);

        open("#/runs?filter=" + java.net.URLEncoder.encode("tags.team = 'dashboard'", "UTF-8"));
        assertThat(awaitText(By.cssSelector("#runs tr[data-run='" + done + "']"), "SUCCEEDED"))
                .contains("team=dashboard");
        assertThat(browser.findElement(By.id("filter")).getAttribute("value")).isEqualTo("tags.team = 'dashboard'");
        assertThat(browser.findElement(By.cssSelector("label[for=filter]")).getText()).contains("Filter");
        shot("runs-list.png");

        open("#/runs?filter=" + java.net.URLEncoder.encode("status = 'NOPE'", "UTF-8"));
        assertThat(awaitText(By.cssSelector("#runs-message.error"), "NOPE")).contains("'NOPE' is not a status");
    }

    @Test
    void aRunningRunsCurvesGainPointsWithoutAReloadAndCancelStopsIt() throws Exception {
        String running = run("{\"epochs\": 5000, \"batchSize\": 8, \"seed\": 2}");
        open("#/runs/" + running);
        WebElement charts = await(By.cssSelector("#charts[data-points]"));
        int first = Integer.parseInt(charts.getAttribute("data-points"));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> Integer.parseInt(
                d.findElement(By.id("charts")).getAttribute("data-points")) >= first + 5);
        assertThat(browser.findElements(By.cssSelector("#charts figure[data-metric=loss] canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("RUNNING");
        shot("run-live.png");

        browser.findElement(By.id("cancel")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> d.findElement(By.id("run-status")).getText()
                .equals("CANCELLED"));
        assertThat(http.get("/api/v1/runs/" + running).json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(browser.findElement(By.id("history")).getText()).contains("QUEUED").contains("RUNNING")
                .contains("CANCELLED");
        assertThat(browser.findElement(By.id("cancel")).isEnabled()).isFalse();
        shot("run-cancelled.png");
    }

    @Test
    void theComparePageOverlaysTwoRunsAndMarksTheHyperparametersThatDiffer() throws Exception {
        String a = run("{\"epochs\": 3, \"seed\": 1}");
        String b = run("{\"epochs\": 4, \"seed\": 1, \"optimizer\": {\"type\": \"sgd\", \"learningRate\": 0.05}}");
        http.awaitFinished(a);
        http.awaitFinished(b);

        open("#/compare?ids=" + a + "," + b);
        WebElement loss = await(By.cssSelector("#compare-charts figure[data-metric=loss]"));
        assertThat(loss.findElements(By.cssSelector(".u-legend .u-series"))).as("epoch + one series per run")
                .hasSize(3);
        assertThat(loss.getText()).contains(a.substring(0, 8)).contains(b.substring(0, 8));
        List<WebElement> differs = browser.findElements(By.cssSelector("#compare-params tr.differs th"));
        assertThat(differs).extracting(WebElement::getText).anyMatch(t -> t.startsWith("optimizer.type"))
                .anyMatch(t -> t.startsWith("epochs"));
        shot("compare.png");
    }

    @Test
    void aFinishedRunShowsItsEvaluationAndTheDatasetAndModelPagesRender() throws Exception {
        String done = run("{\"epochs\": 3, \"seed\": 4}");
        http.awaitFinished(done);
        open("#/runs/" + done);
        assertThat(awaitText(By.cssSelector("#confusion"), "Confusion matrix")).contains("Confusion matrix");
        shot("run-finished.png");

        String dataset = http.get("/api/v1/runs/" + done).json().get("datasetId").asString();
        open("#/datasets/" + dataset);
        assertThat(awaitText(By.cssSelector("#profile"), "sepal_length_cm")).isNotBlank();
        assertThat(browser.findElement(By.id("profile")).getText()).contains("sepal_length_cm");
        assertThat(browser.findElements(By.cssSelector("#profile .histogram .bin"))).as("a histogram per numeric column")
                .hasSizeGreaterThanOrEqualTo(4 * 20);
        shot("dataset.png");

        String model = http.get("/api/v1/runs/" + done).json().get("modelId").asString();
        open("#/models/" + model + "?datasetId=" + dataset + "&target=target");
        assertThat(awaitText(By.cssSelector("#layers tbody"), "dense")).contains("dense");
        assertThat(browser.findElement(By.id("layers")).getText()).contains("[");
        shot("model.png");
    }

    @Test
    void aFinishedRunsExplanationsShowItsImportanceBarsAndOneRowExplained() throws Exception {
        String done = run("{\"epochs\": 10, \"seed\": 4}");
        http.awaitFinished(done);
        open("#/runs/" + done);

        await(By.id("compute-importance")).click();
        assertThat(awaitText(By.cssSelector("#importance-bars"), "Permutation importance"))
                .contains("accuracy").contains("petal");
        assertThat(browser.findElements(By.cssSelector("#importance-bars tbody tr"))).hasSize(4);
        WebElement row = browser.findElement(By.id("explain-row"));
        row.sendKeys("{\"sepal_length_cm\": 6.3, \"sepal_width_cm\": 3.3, \"petal_length_cm\": 6.0, "
                + "\"petal_width_cm\": 2.5}");
        browser.findElement(By.id("explain")).click();
        assertThat(awaitText(By.cssSelector("#explain-summary"), "completeness gap")).contains("predicted");
        assertThat(browser.findElements(By.cssSelector("#explain-bars tbody tr .bar"))).hasSize(4);
        shot("run-explanations.png");

        row.clear();
        row.sendKeys("{\"colour\": \"red\"}");
        browser.findElement(By.id("explain")).click();
        assertThat(awaitText(By.cssSelector("#explain-answer .error"), "colour")).contains("unknown column");
    }

    @Test
    void aStudyPageShowsItsObjectiveByTrialParallelCoordinatesAndTrials() throws Exception {
        String data = http.uploadId("breast_cancer_train.csv");
        String model = http.createModel(StudiesContract.MODEL);
        String study = http.postJson("/api/v1/studies", """
                {"name": "dashboard study", "objective": {"metric": "val_loss"}, "algorithm": "random", "maxTrials": 4,
                 "parallelism": 2, "seed": 2,
                 "run": {"datasetId": "%s", "modelId": "%s", "target": "target",
                         "hyperparameters": {"epochs": 2, "validationSplit": 0.2}},
                 "space": {"hyperparameters.optimizer.learningRate": {"logUniform": [0.0001, 0.1]},
                           "hyperparameters.batchSize": {"choice": [16, 32]}}}""".formatted(data, model)).id();

        open("#/studies/" + study);
        assertThat(awaitText(By.id("study-status"), "COMPLETED")).contains("best: trial");
        assertThat(browser.findElements(By.cssSelector("#trials tbody tr"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#parallel polyline"))).hasSize(4);
        assertThat(browser.findElement(By.id("parallel")).getAttribute("aria-label"))
                .contains("hyperparameters.optimizer.learningRate", "hyperparameters.batchSize", "val_loss");
        assertThat(browser.findElements(By.cssSelector("#objective-chart canvas"))).isNotEmpty();
        assertThat(browser.findElement(By.id("best-trial")).getText()).startsWith("trial ");
        shot("study.png");

        String trialRun = browser.findElement(By.cssSelector("#trials tbody tr[data-trial='0'] a")).getAttribute("href");
        open(trialRun.substring(trialRun.indexOf('#')));
        assertThat(awaitText(By.id("run-study"), "trial 0 of")).contains(study.substring(0, 8));

        open("#/studies");
        assertThat(awaitText(By.cssSelector("#studies tr[data-study='" + study + "']"), "COMPLETED"))
                .contains("dashboard study", "minimize val_loss", "random");
    }
}
