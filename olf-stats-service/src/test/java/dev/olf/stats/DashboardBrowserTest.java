package dev.olf.stats;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.olf.events.order.OrderPlaced;
import dev.olf.localstack.TestInfrastructure;
import dev.olf.localstack.test.AuthServer;
import dev.olf.localstack.test.WithInfrastructure;
import dev.olf.messaging.kafka.CloudEventRecords;
import dev.olf.stats.statistics.SagaEvents;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in headless Chromium: while the page stays open, events flow through
 * Kafka, and the figures, charts and tables follow them until they show what the API
 * reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The database, and so the whole context, of LiveStatisticsIntegrationTest: two running
// contexts would split the statistics' consumer group, each seeing only part of the
// events.
@WithInfrastructure(database = "olf_live", authServer = true)
class DashboardBrowserTest {

	private static final Duration WAIT = Duration.ofSeconds(120);

	private static final Duration LAYOUT = Duration.ofSeconds(20);

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path SCREENSHOT = Path.of("target", "dashboard.png");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static final List<String> CHARTS = List.of("throughput-chart", "outcomes-chart", "rejections-chart",
			"latency-chart", "top-products-chart");

	private static final String CABLE_KIT = "Cable kit <USB-C> & \"Lightning\"";

	private static @Nullable ChromeDriver browser;

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void openBrowser() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			fail("This test drives Debian's headless Chromium, which is missing: "
					+ "run apt-get install -y chromium chromium-driver");
		}
		// Both paths given, so Selenium Manager never looks for (or downloads) a browser.
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-dev-shm-usage", "--window-size=1600,1000");
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@Test
	void followsTheEventsLiveWithoutReloading() throws Exception {
		Files.createDirectories(SCREENSHOT.getParent());
		Figures start = reported();
		browser().get(url("/"));
		logIn();
		long placedShown = await().atMost(WAIT)
			.ignoreExceptions()
			.until(() -> count("orders.placed"), Objects::nonNull);
		Object loadedAt = script("return window.__loadedAt");
		assertThat(loadedAt).isNotNull();

		List<UUID> customers = IntStream.range(0, 12).mapToObj((i) -> UUID.randomUUID()).toList();
		SagaEvents catalogue = catalogue(customers);
		SagaEvents morning = morning(customers);
		SagaEvents afternoon = afternoon(customers);
		long orders = placedIn(morning) + placedIn(afternoon);

		send(catalogue.events());
		// The morning's orders are placed first and decided a moment later: pending for a
		// while, and sagas that take some time.
		send(morning.events().stream().filter(placed()).toList());
		await().atMost(WAIT).ignoreExceptions().until(() -> count("orders.placed") >= placedShown + placedIn(morning));
		send(morning.events().stream().filter(placed().negate()).toList());
		send(afternoon.events());

		Figures settled = await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
			Figures before = reported();
			Figures page = shown();
			Figures after = reported();
			boolean all = after.placed() == start.placed() + orders && after.pending() == start.pending() + 1;
			return (all && before.equals(after) && page.equals(after)) ? page : null;
		}, Objects::nonNull);

		assertThat(settled.placed()).isGreaterThan(placedShown);
		assertThat(script("return window.__loadedAt")).as("the page was not reloaded").isEqualTo(loadedAt);
		assertThat(browser().findElement(By.id("connection")).getDomAttribute("data-state")).isEqualTo("live");
		CHARTS.forEach((id) -> {
			WebElement canvas = browser().findElement(By.id(id));
			assertThat(canvas.getSize().getWidth()).as(id).isPositive();
			assertThat(canvas.getSize().getHeight()).as(id).isPositive();
			assertThat(script("return Chart.getChart(arguments[0]) !== undefined", canvas)).as(id).isEqualTo(true);
		});
		await().atMost(WAIT)
			.ignoreExceptions()
			.until(() -> ((Number) script("return Chart.getChart('throughput-chart').data.datasets[0].data"
					+ ".reduce((sum, value) => sum + value, 0)"))
				.longValue() >= orders);
		await().atMost(WAIT)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(skus("#top-products li"))
				.containsAll(List.of("USB-C1", "MS-01", "HS-02", "MON-27", "KB-87", "DOCK-4", "MAT-XL")));
		await().atMost(WAIT)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(skus("#low-stock tbody tr"))
				.containsAll(List.of("HS-02", "MON-27", "DOCK-4", "CBL-KIT")));
		// Names are text, never markup.
		assertThat(browser().findElement(By.cssSelector("#low-stock tr[data-sku='CBL-KIT'] .name"))
			.getDomProperty("textContent")).isEqualTo(CABLE_KIT);

		// Sampled every two seconds: a line worth looking at in the screenshot.
		await().atMost(WAIT)
			.until(() -> ((Number) script("return Chart.getChart('latency-chart').data.datasets[0].data"
					+ ".filter((value) => value !== null).length"))
				.intValue() >= 8);

		assertNothingOverlapsAt(1280, 800);
		assertNothingOverlapsAt(1920, 1080);
		screenshotOfTheWholePage(1600);
	}

	/**
	 * As a person does: the dashboard sends the browser to the authorization server's
	 * login form, and back once the form is filled in.
	 */
	private void logIn() {
		await().atMost(LAYOUT).until(() -> browser().getCurrentUrl().startsWith(AuthServer.shared().url() + "/login"));
		browser().findElement(By.name("username")).sendKeys(AuthServer.USER);
		browser().findElement(By.name("password")).sendKeys(AuthServer.PASSWORD);
		browser().findElement(By.cssSelector("button[type=submit]")).click();
		await().atMost(LAYOUT)
			.untilAsserted(() -> assertThat(browser().getCurrentUrl())
				.as("where the login led, showing: %s", browser().findElement(By.tagName("body")).getText())
				.isEqualTo(url("/")));
	}

	/**
	 * Products, some of them scarce, and the customers.
	 */
	private static SagaEvents catalogue(List<UUID> customers) {
		SagaEvents catalogue = new SagaEvents().product("KB-87", "Mechanical keyboard", "89.00", 40)
			.product("MS-01", "Wireless mouse", "24.90", 60)
			.product("HS-02", "Headset", "59.00", 8)
			.product("USB-C1", "USB-C cable, 1 m", "9.90", 120)
			.product("MON-27", "27-inch monitor", "249.00", 6)
			.product("DOCK-4", "Docking station", "129.00", 3)
			.product("MAT-XL", "Desk mat XL", "19.50", 30)
			.product("CBL-KIT", CABLE_KIT, "14.00", 4);
		customers.forEach(catalogue::customer);
		return catalogue;
	}

	/**
	 * Orders of every outcome but cancellation.
	 */
	private static SagaEvents morning(List<UUID> customers) {
		return new SagaEvents().confirmed(UUID.randomUUID(), customers.get(0), "KB-87", 1, "89.00")
			.confirmed(UUID.randomUUID(), customers.get(1), "MS-01", 2, "24.90")
			.confirmed(UUID.randomUUID(), customers.get(2), "HS-02", 2, "59.00")
			.confirmed(UUID.randomUUID(), customers.get(3), "USB-C1", 4, "9.90")
			.confirmed(UUID.randomUUID(), customers.get(4), "MON-27", 1, "249.00")
			.confirmed(UUID.randomUUID(), customers.get(5), "MAT-XL", 1, "19.50")
			.confirmed(UUID.randomUUID(), customers.get(6), "HS-02", 1, "59.00")
			.confirmed(UUID.randomUUID(), customers.get(7), "MS-01", 1, "24.90")
			.rejected(UUID.randomUUID(), customers.get(8), "DOCK-4", 5, "129.00")
			.rejectedForCredit(UUID.randomUUID(), customers.get(9), "MON-27", 3, "249.00")
			.timedOut(UUID.randomUUID(), customers.get(10), "KB-87", 1, "89.00");
	}

	/**
	 * More orders, two cancelled after confirmation and one left pending.
	 */
	private static SagaEvents afternoon(List<UUID> customers) {
		return new SagaEvents().confirmed(UUID.randomUUID(), customers.get(11), "USB-C1", 2, "9.90")
			.confirmed(UUID.randomUUID(), customers.get(0), "HS-02", 2, "59.00")
			.confirmed(UUID.randomUUID(), customers.get(1), "KB-87", 1, "89.00")
			.confirmed(UUID.randomUUID(), customers.get(2), "MON-27", 2, "249.00")
			.confirmed(UUID.randomUUID(), customers.get(3), "MS-01", 3, "24.90")
			.confirmed(UUID.randomUUID(), customers.get(4), "DOCK-4", 1, "129.00")
			.cancelledAfterConfirmation(UUID.randomUUID(), customers.get(5), "MAT-XL", 2, "19.50")
			.cancelledAfterConfirmation(UUID.randomUUID(), customers.get(6), "KB-87", 1, "89.00")
			.rejectedForCredit(UUID.randomUUID(), customers.get(7), "MS-01", 5, "24.90")
			.pending(UUID.randomUUID(), customers.get(8), "USB-C1", 1, "9.90");
	}

	/**
	 * No two tiles or cards overlap, and every figure fits its box.
	 */
	private void assertNothingOverlapsAt(int width, int height) throws IOException {
		browser().manage().window().setSize(new Dimension(width, height));
		await().atMost(LAYOUT).until(() -> viewport("innerWidth") == width);
		await().atMost(LAYOUT).ignoreExceptions().untilAsserted(() -> {
			@SuppressWarnings("unchecked")
			List<String> problems = (List<String>) script(
					"""
							const problems = [];
							const boxes = [...document.querySelectorAll('.tile, .card, .top')];
							boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
							    const r = a.getBoundingClientRect(), s = b.getBoundingClientRect();
							    if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1) {
							        problems.push('overlap: ' + a.textContent.trim().slice(0, 20) + ' / ' + b.textContent.trim().slice(0, 20));
							    }
							}));
							document.querySelectorAll('[data-figure], .card h2, .tile h2, th').forEach((node) => {
							    if (node.scrollWidth > node.clientWidth + 1) {
							        problems.push('overflow: ' + (node.dataset.figure || node.textContent));
							    }
							});
							if (document.documentElement.scrollWidth > window.innerWidth) {
							    problems.push('horizontal scrolling');
							}
							return problems;
							""");
			assertThat(problems).as("at %dx%d", width, height).isEmpty();
		});
		Files.copy(browser().getScreenshotAs(OutputType.FILE).toPath(),
				SCREENSHOT.resolveSibling("dashboard-" + width + "x" + height + ".png"),
				StandardCopyOption.REPLACE_EXISTING);
	}

	private void screenshotOfTheWholePage(int width) throws IOException {
		browser().manage().window().setSize(new Dimension(width, 1000));
		int height = viewport("document.documentElement.scrollHeight");
		int chrome = 1000 - viewport("innerHeight");
		browser().manage().window().setSize(new Dimension(width, height + chrome));
		await().atMost(LAYOUT).until(() -> viewport("innerHeight") >= height);
		Files.copy(browser().getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private int viewport(String property) {
		return ((Number) Objects.requireNonNull(script("return window." + property))).intValue();
	}

	private record Figures(long placed, long confirmed, long rejected, long cancelled, long pending, BigDecimal revenue,
			long customersRegistered) {

	}

	/**
	 * The figures as the API reports them.
	 */
	private Figures reported() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url("/api/stats/summary")))
			.header("Accept", "application/json")
			.header("Authorization", "Bearer " + AuthServer.shared().token("stats:read"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode summary = JSON.readTree(response.body());
		JsonNode orders = summary.path("orders");
		return new Figures(orders.path("placed").asLong(), orders.path("confirmed").asLong(),
				orders.path("rejected").asLong(), orders.path("cancelled").asLong(), orders.path("pending").asLong(),
				summary.path("revenue").decimalValue().stripTrailingZeros(),
				summary.path("customersRegistered").asLong());
	}

	/**
	 * The figures as the page shows them: the raw values behind the formatted text.
	 */
	private Figures shown() {
		return new Figures(count("orders.placed"), count("orders.confirmed"), count("orders.rejected"),
				count("orders.cancelled"), count("orders.pending"),
				new BigDecimal(value("revenue")).stripTrailingZeros(), count("customersRegistered"));
	}

	private long count(String figure) {
		return Long.parseLong(value(figure));
	}

	private String value(String figure) {
		return Objects.requireNonNull(
				browser().findElement(By.cssSelector("[data-figure='" + figure + "']")).getDomAttribute("data-value"));
	}

	private List<@Nullable String> skus(String selector) {
		return browser().findElements(By.cssSelector(selector))
			.stream()
			.map((element) -> element.getDomAttribute("data-sku"))
			.toList();
	}

	private @Nullable Object script(String script, Object... arguments) {
		return browser().executeScript(script, arguments);
	}

	private static ChromeDriver browser() {
		return Objects.requireNonNull(browser, "no browser");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static Predicate<SagaEvents.Published> placed() {
		return (published) -> published.event() instanceof OrderPlaced;
	}

	private static long placedIn(SagaEvents events) {
		return events.events().stream().filter(placed()).count();
	}

	private static void send(List<SagaEvents.Published> events) {
		try (KafkaProducer<String, byte[]> kafka = new KafkaProducer<>(
				Map.of("bootstrap.servers", TestInfrastructure.shared().kafkaBootstrapServers()),
				new StringSerializer(), new ByteArraySerializer())) {
			events.forEach((published) -> kafka.send(CloudEventRecords.of(published.id(), published.event(), "/test")));
		}
	}

}
