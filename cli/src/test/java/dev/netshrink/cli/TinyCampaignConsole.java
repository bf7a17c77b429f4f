package dev.netshrink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.view.CampaignView;
import dev.netshrink.protocol.view.TrialStatus;
import dev.netshrink.protocol.view.TrialView;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console of a finished tiny campaign, in a real browser: Debian's headless chromium driven
 * through its chromedriver. What the page shows is checked against the API's view of the same
 * campaign; a screenshot is kept in {@code cli/target/console/}.
 */
final class TinyCampaignConsole implements AutoCloseable {

  static final Path SCREENSHOT = Path.of("target", "console", "campaign.png");

  private final WebDriver browser;
  private final JavascriptExecutor js;
  private final WebDriverWait wait;

  TinyCampaignConsole() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // root in CI has no user namespace sandbox; /dev/shm is small in containers
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1300,3200");
    // the driver Debian ships with its chromium: Selenium Manager would try to download one
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .build();
    browser = new ChromeDriver(service, options);
    js = (JavascriptExecutor) browser;
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  /** The root URL leads to the campaign list, whose link opens the campaign's page. */
  void openFromTheCampaignList(String apiUrl, CampaignView campaign) {
    browser.get(apiUrl + "/");
    assertThat(browser.getCurrentUrl()).endsWith("/console/");
    String row = "tr[data-campaign='" + campaign.campaignId() + "'] ";
    By link = By.cssSelector(row + "a");
    wait.until(b -> !b.findElements(link).isEmpty());
    assertThat(browser.findElement(By.cssSelector(row + ".state")).getText())
        .isEqualTo(wire(campaign.state().name()));
    browser.findElement(link).click();
    wait.until(b -> b.findElements(By.cssSelector("#trials tr[data-trial]")).size() > 0);
  }

  void assertEveryTrialWithItsStateAndTheBestHighlighted(CampaignView campaign) {
    List<WebElement> rows = browser.findElements(By.cssSelector("#trials tr[data-trial]"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-trial"), r -> r.getAttribute("data-state"))
        .containsExactlyElementsOf(
            campaign.trials().stream()
                .map(t -> org.assertj.core.groups.Tuple.tuple(t.name(), wire(t.state().name())))
                .toList());
    TrialView best =
        campaign.trials().stream()
            .filter(t -> t.state() == TrialStatus.SUCCEEDED && t.kind().equals("student"))
            .max(Comparator.comparingDouble(TrialView::accuracy))
            .orElseThrow();
    assertThat(browser.findElements(By.cssSelector("#trials tr.best")))
        .extracting(r -> r.getAttribute("data-trial"))
        .containsExactly(best.name());
  }

  /** Each trained trial is one curve with one point per epoch it finished, at x = 1..n. */
  void assertOneCurvePointPerFinishedEpoch(CampaignView campaign) {
    for (String chart : List.of("epoch-loss", "epoch-accuracy")) {
      for (TrialView t : campaign.trials()) {
        if (t.epochs().isEmpty()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        List<List<Object>> xy =
            (List<List<Object>>)
                js.executeScript(
                    "const u = window.netshrink.charts[arguments[0]];"
                        + "const i = u.series.findIndex(s => s.label === arguments[1]);"
                        + "return u.data[0].map((x, k) => [x, u.data[i][k]])"
                        + ".filter(p => p[1] !== null);",
                    chart,
                    t.name());
        assertThat(xy).as(chart + " " + t.name()).hasSize(t.epochs().size());
        assertThat(xy.stream().map(p -> ((Number) p.get(0)).intValue()).toList())
            .containsExactlyElementsOf(t.epochs().stream().map(e -> e.epoch()).toList());
      }
    }
  }

  /** The sweep charts are x-y plots whose x values are the ratios themselves. */
  void assertTheSweepIsPlottedAgainstTheRatios(CampaignView campaign) {
    List<Double> ratios =
        campaign.pruning().stream()
            .filter(PrunePoint::isSweepPoint)
            .map(PrunePoint::ratio)
            .distinct()
            .sorted()
            .toList();
    for (String chart :
        List.of("sweep-accuracy", "sweep-latency", "sweep-parameters", "sweep-macs")) {
      @SuppressWarnings("unchecked")
      List<Object> xs =
          (List<Object>)
              js.executeScript("return window.netshrink.charts[arguments[0]].data[0];", chart);
      assertThat(xs.stream().map(x -> ((Number) x).doubleValue()).toList())
          .as(chart)
          .containsExactlyElementsOf(ratios);
    }
  }

  /** The page keeps polling the API: its draw count grows. */
  void assertItKeepsUpdating() {
    long before = draws();
    wait.until(b -> draws() >= before + 2);
  }

  Path screenshot() throws java.io.IOException {
    Files.createDirectories(SCREENSHOT.getParent());
    File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    return SCREENSHOT.toAbsolutePath();
  }

  private long draws() {
    return ((Number) js.executeScript("return window.netshrink.draws;")).longValue();
  }

  private static String wire(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    browser.quit();
  }
}
