package dev.olf.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request can be unreadable gets a 400 whose detail names the field or
 * parameter and says what to send, in the project's words: no Java type, package or
 * exception name.
 */
class ProblemDetailsAdviceTest {

	private final MockMvcTester mvc = MockMvcTester
		.create(MockMvcBuilders.standaloneSetup(new Things()).setControllerAdvice(new ProblemDetailsAdvice()).build());

	@Test
	void namesAFieldWithControlCharacters() {
		assertThat(detailOfPost("{\"name\": \"bell\\u0007\", \"lines\": []}")).contains("name must be plain text")
			.contains("remove control characters");
		assertThat(detailOfPost("{\"name\": \"ok\", \"lines\": [{\"sku\": \"A\\u0000B\", \"quantity\": 1}]}"))
			.contains("lines[0].sku must be plain text");
		assertThat(detailOfPost("{\"name\": \"two\\nlines\", \"lines\": []}")).contains("name must be plain text");
	}

	@Test
	void acceptsPlainTextWithAnyLetters() {
		assertThat(post("{\"name\": \"Zoë Ōkubo – “quoted” 😀\", \"lines\": []}")).hasStatusOk();
	}

	@Test
	void namesAFieldThatIsTooLong() {
		assertThat(detailOfPost("{\"name\": \"" + "x".repeat(201) + "\", \"lines\": []}"))
			.contains("name size must be between 0 and 200");
	}

	@Test
	void namesAFieldOfTheWrongType() {
		assertThat(detailOfPost("{\"name\": \"a\", \"lines\": [{\"sku\": \"A\", \"quantity\": \"many\"}]}"))
			.isEqualTo("lines[0].quantity must be a whole number up to 2147483647, was 'many'");
		assertThat(detailOfPost("{\"name\": \"a\", \"lines\": [{\"sku\": \"A\", \"quantity\": 99999999999999999999}]}"))
			.startsWith("lines[0].quantity must be a whole number");
		assertThat(detailOfPost("{\"name\": \"a\", \"customer\": \"x\", \"lines\": []}"))
			.isEqualTo("customer must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, was 'x'");
		assertThat(detailOfPost("{\"name\": \"a\", \"colour\": \"PINK\", \"lines\": []}"))
			.isEqualTo("colour must be one of RED, GREEN, was 'PINK'");
		assertThat(detailOfPost("{\"name\": {\"first\": \"a\"}, \"lines\": []}")).isEqualTo("name must be a string");
		assertThat(detailOfPost("{\"name\": \"a\", \"lines\": {}}")).isEqualTo("lines must be a JSON array");
	}

	@Test
	void saysWhatIsWrongWithABodyThatIsNoObject() {
		assertThat(detailOfPost("")).isEqualTo("The request needs a JSON body");
		assertThat(detailOfPost("[]")).isEqualTo("The request body must be a JSON object with this resource's fields");
		assertThat(detailOfPost("42")).isEqualTo("The request body must be a JSON object with this resource's fields");
		assertThat(detailOfPost("{\"name\": ")).startsWith("The request body ends before its JSON is complete");
		assertThat(detailOfPost("{\"name\" 1}")).startsWith("The request body is not valid JSON (line 1, column");
		assertThat(detailOfPost("{\"name\": \"a\", \"extra\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}"))
			.contains("nested too deeply");
	}

	@Test
	void namesAPathVariableOrQueryParameterOfTheWrongType() {
		assertThat(detail(this.mvc.get().uri("/things/not-a-uuid").exchange()))
			.isEqualTo("id must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, was 'not-a-uuid'");
		assertThat(detail(this.mvc.get().uri("/things?colour=PINK&limit=1").exchange()))
			.isEqualTo("colour must be one of RED, GREEN, was 'PINK'");
		assertThat(detail(this.mvc.get().uri("/things?colour=RED&limit=lots").exchange()))
			.isEqualTo("limit must be a whole number up to 2147483647, was 'lots'");
		assertThat(detail(this.mvc.get().uri("/things?colour=RED").exchange()))
			.isEqualTo("limit is required: add ?limit=... to the URL");
	}

	@Test
	void echoesAClientsValueShortAndOnOneLine() {
		assertThat(detail(this.mvc.get().uri("/things/{id}", "a\nb" + "c".repeat(500)).exchange())).isEqualTo(
				"id must be a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6, was 'a?b" + "c".repeat(57) + "...'");
	}

	private MvcTestResult post(String body) {
		return this.mvc.post().uri("/things").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
	}

	private String detailOfPost(String body) {
		return detail(post(body));
	}

	private static String detail(MvcTestResult result) {
		assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		String detail = JsonPath.read(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8),
				"$.detail");
		assertThat(detail).doesNotContain("java.", "dev.olf.", "Exception", "`", "tools.jackson", "Failed to convert");
		return detail;
	}

	enum Colour {

		RED, GREEN

	}

	record Thing(@NotBlank @Size(max = 200) @PlainText String name, UUID customer, Colour colour,
			List<@Valid Line> lines) {
	}

	record Line(@NotBlank @PlainText String sku, @Min(1) int quantity) {
	}

	@RestController
	static class Things {

		@PostMapping("/things")
		String add(@Valid @RequestBody Thing thing) {
			return "added";
		}

		@GetMapping("/things/{id}")
		String thing(@PathVariable UUID id) {
			return id.toString();
		}

		@GetMapping("/things")
		String things(@RequestParam Colour colour, @RequestParam int limit) {
			return colour + " " + limit;
		}

	}

}
