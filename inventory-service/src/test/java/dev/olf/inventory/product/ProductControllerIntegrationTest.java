package dev.olf.inventory.product;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import dev.olf.events.DomainEvent;
import dev.olf.events.EventJson;
import dev.olf.events.inventory.PriceChanged;
import dev.olf.events.inventory.ProductAdded;
import dev.olf.events.inventory.StockAdjusted;
import dev.olf.localstack.test.EveryScope;
import dev.olf.localstack.test.WithInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

// Without the relay, the outbox keeps what the request wrote. The saga listener stays
// stopped: this context would otherwise join the listener test's consumer group and take
// some of its partitions into this database.
@SpringBootTest(properties = { "olf.messaging.outbox.relay-enabled=false", "spring.kafka.listener.auto-startup=false" })
@AutoConfigureMockMvc
@Import(EveryScope.class)
@WithInfrastructure(database = "inventory_products")
class ProductControllerIntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void addsAProductAndWritesProductAddedToTheOutbox() {
		String sku = newSku();
		MvcTestResult result = add(sku, "\"12.5\"", 10);

		assertThat(result).hasStatus(201);
		assertThat(result).headers().hasValue("Location", "/api/products/" + sku);
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"sku": "%s", "name": "Widget", "price": 12.50, "onHand": 10, "reserved": 0, "available": 10,
				 "committed": 0}
				""".formatted(sku));
		assertThat(this.mvc.get().uri("/api/products/{sku}", sku)).hasStatusOk().bodyJson().isLenientlyEqualTo("""
				{"sku": "%s", "name": "Widget", "price": 12.50, "onHand": 10, "reserved": 0, "available": 10,
				 "committed": 0}
				""".formatted(sku));
		assertThat(outbox(sku)).containsExactly(new ProductAdded(sku, "Widget", new BigDecimal("12.50"), 10));
	}

	@Test
	void acceptsAPriceWrittenAsANumber() {
		String sku = newSku();

		assertThat(add(sku, "7", 0)).hasStatus(201).bodyJson().extractingPath("$.price").isEqualTo(7.00);
	}

	@Test
	void refusesADuplicateSkuWith409() {
		String sku = newSku();
		assertThat(add(sku, "1.00", 1)).hasStatus(201);

		assertThat(add(sku, "2.00", 2)).hasStatus(409)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("A product with sku " + sku + " already exists");
		assertThat(outbox(sku)).hasSize(1);
	}

	@Test
	void refusesAnInvalidProductWithAProblemDetailNamingTheFields() {
		assertThat(this.mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "has space", "name": " ", "price": -1, "quantity": -1}
				""")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("sku", "name", "price", "quantity");
	}

	@Test
	void refusesAProductWithoutFields() {
		assertThat(this.mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("sku", "name", "price", "quantity");
	}

	@Test
	void refusesASkuLongerThan64Characters() {
		assertThat(add("x".repeat(65), "1.00", 1)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("sku size must be between");
	}

	@Test
	void refusesAPriceWithMoreThanTwoDecimals() {
		assertThat(add(newSku(), "\"1.005\"", 1)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("price");
		assertThat(add(newSku(), "1.005", 1)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("price");
	}

	@Test
	void refusesAPriceThatIsNotANumberWithAProblemDetail() {
		assertThat(add(newSku(), "\"cheap\"", 1)).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("price must be a decimal number such as 12.50, was 'cheap'");
	}

	@Test
	void answersAnUnknownProductWith404() {
		String sku = newSku();

		assertThat(this.mvc.get().uri("/api/products/{sku}", sku)).hasStatus(404)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("No product with sku " + sku);
		assertThat(this.mvc.post()
			.uri("/api/products/{sku}/restock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"quantity\": 1}")).hasStatus(404);
		assertThat(this.mvc.put()
			.uri("/api/products/{sku}/price", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"price\": 1}")).hasStatus(404);
	}

	@Test
	void restockingPutsUnitsOnHandAndWritesStockAdjustedToTheOutbox() {
		String sku = newSku();
		add(sku, "1.00", 10);

		assertThat(this.mvc.post()
			.uri("/api/products/{sku}/restock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"quantity\": 5}")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
					{"sku": "%s", "onHand": 15, "reserved": 0, "available": 15, "committed": 0}
					""".formatted(sku));
		assertThat(outbox(sku)).last().isEqualTo(new StockAdjusted(sku, 5, 15));
	}

	@Test
	void refusesARestockOfLessThanOneUnit() {
		String sku = newSku();
		add(sku, "1.00", 10);

		assertThat(this.mvc.post()
			.uri("/api/products/{sku}/restock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"quantity\": 0}")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("quantity");
		assertThat(outbox(sku)).hasSize(1);
	}

	@Test
	void refusesARestockBeyondWhatCanBeCountedWith422() {
		String sku = newSku();
		add(sku, "1.00", 10);

		assertThat(this.mvc.post()
			.uri("/api/products/{sku}/restock", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"quantity\": %d}".formatted(Integer.MAX_VALUE))).hasStatus(422)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("would exceed");
	}

	@Test
	void changingThePriceWritesPriceChangedToTheOutbox() {
		String sku = newSku();
		add(sku, "1.00", 10);

		assertThat(this.mvc.put()
			.uri("/api/products/{sku}/price", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"price\": \"2.5\"}")).hasStatusOk().bodyJson().extractingPath("$.price").isEqualTo(2.50);
		assertThat(this.mvc.get().uri("/api/products/{sku}", sku)).bodyJson().extractingPath("$.price").isEqualTo(2.50);
		assertThat(outbox(sku)).last().isEqualTo(new PriceChanged(sku, new BigDecimal("2.50")));
	}

	@Test
	void refusesANegativePrice() {
		String sku = newSku();
		add(sku, "1.00", 10);

		assertThat(this.mvc.put()
			.uri("/api/products/{sku}/price", sku)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"price\": -0.01}")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("price");
	}

	@Test
	void listsProductsOnePageAtATimeInSkuOrder() throws Exception {
		String prefix = "page-" + UUID.randomUUID();
		for (String suffix : List.of("c", "a", "b")) {
			add(prefix + "-" + suffix, "1.00", 1);
		}
		List<String> expected = this.jdbc.sql("select sku from product order by sku").query(String.class).list();

		List<String> listed = new ArrayList<>();
		int totalPages = 1;
		for (int page = 0; page < totalPages; page++) {
			MvcTestResult result = this.mvc.get().uri("/api/products?page={page}&size=2", page).exchange();
			assertThat(result).hasStatusOk();
			String json = result.getResponse().getContentAsString();
			assertThat(JsonPath.<Integer>read(json, "$.page.number")).isEqualTo(page);
			assertThat(JsonPath.<Integer>read(json, "$.page.size")).isEqualTo(2);
			assertThat(JsonPath.<Integer>read(json, "$.page.totalElements")).isEqualTo(expected.size());
			totalPages = JsonPath.read(json, "$.page.totalPages");
			listed.addAll(JsonPath.read(json, "$.content[*].sku"));
		}

		assertThat(listed).containsExactlyElementsOf(expected)
			.containsSubsequence(prefix + "-a", prefix + "-b", prefix + "-c");
	}

	@Test
	void refusesAPageSizeOutOfRange() {
		assertThat(this.mvc.get().uri("/api/products?size=0")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("size must be between 1 and");
		assertThat(this.mvc.get().uri("/api/products?page=-1")).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/products?page=first")).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/products?sort=price")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("sort must be sku or name, was 'price'");
	}

	private MvcTestResult add(String sku, String price, int quantity) {
		return this.mvc.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON).content("""
				{"sku": "%s", "name": "Widget", "price": %s, "quantity": %d}
				""".formatted(sku, price, quantity)).exchange();
	}

	private List<DomainEvent> outbox(String sku) {
		return this.jdbc.sql("select type, payload from outbox where aggregateid = :sku order by position")
			.param("sku", sku)
			.query((rs, row) -> EventJson.read(rs.getString("payload").getBytes(StandardCharsets.UTF_8),
					rs.getString("type")))
			.list();
	}

	private static String newSku() {
		return "W-" + UUID.randomUUID();
	}

}
