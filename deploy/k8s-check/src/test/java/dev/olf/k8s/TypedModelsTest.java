package dev.olf.k8s;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object every overlay renders parses into the typed model of its kind, with no
 * field the model does not know: what {@code kubectl apply} with strict field validation
 * would accept, checked without a cluster.
 */
class TypedModelsTest {

	static List<String> overlays() {
		return Manifests.overlays();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyRenderedObjectParsesIntoItsTypedModelWithoutUnknownFields(String overlay) {
		List<JsonNode> objects = Manifests.render(overlay);
		assertThat(objects).as("objects rendered for %s", overlay).isNotEmpty();
		assertThat(objects).allSatisfy((object) -> assertThat(TypedModels.problems(object))
			.as("%s in overlay %s", Manifests.describe(object), overlay)
			.isEmpty());
	}

	@Test
	void aMisspelledFieldIsReportedForEveryKindOfModel() {
		List<JsonNode> broken = Manifests.resource("broken/unknown-fields.yaml");
		assertThat(broken).extracting(Manifests::describe)
			.containsExactly("Deployment typo", "KafkaTopic typo", "ServiceMonitor typo", "Cluster typo",
					"Database typo");
		assertThat(TypedModels.problems(broken.get(0)))
			.containsExactly("unknown field .spec.template.spec.containers[0].livenesProbe");
		assertThat(TypedModels.problems(broken.get(1))).containsExactly("unknown field .spec.partition");
		assertThat(TypedModels.problems(broken.get(2))).containsExactly("unknown field .spec.endpoints[0].intervall");
		assertThat(TypedModels.problems(broken.get(3)))
			.containsExactly("/spec: property 'primaryUpdateStrategi' is not defined in the schema and the schema "
					+ "does not allow additional properties");
		assertThat(TypedModels.problems(broken.get(4))).contains("/spec: required property 'owner' not found",
				"/spec: property 'ownr' is not defined in the schema and the schema does not allow additional properties");
	}

	@Test
	void aKindWithoutAModelOrAValueOfTheWrongTypeIsReported() {
		List<JsonNode> broken = Manifests.resource("broken/no-model.yaml");
		assertThat(TypedModels.problems(broken.get(0))).containsExactly("no typed model for example.org/v1 Widget");
		assertThat(TypedModels.problems(broken.get(1))).containsExactly("no Strimzi model for KafkaConnect");
		assertThat(TypedModels.problems(broken.get(2))).singleElement().asString().startsWith("does not parse");
	}

}
