package dev.olf.k8s;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a rendered object into the typed model of its kind and tells what does not fit:
 * no model for the kind, a value of the wrong type, or a field the model does not know (a
 * typo such as {@code livenesProbe} that the API server would drop or refuse).
 * <p>
 * Kubernetes' own kinds go into fabric8's model (and the Prometheus Operator's
 * {@code ServiceMonitor} into fabric8's monitoring model), Strimzi's into Strimzi's API
 * classes. fabric8's and Strimzi's classes keep unknown fields in
 * {@code additionalProperties} instead of refusing them, so every object of the parsed
 * graph is asked for those. CloudNativePG publishes no Java model: its objects are
 * checked against the OpenAPI schema of its CRDs (copied from its release into
 * {@code src/test/resources/crds}), with unknown fields forbidden wherever the schema
 * does not say to keep them.
 */
final class TypedModels {

	private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

	private static final Map<String, Class<? extends KubernetesResource>> STRIMZI = Map.of("Kafka", Kafka.class,
			"KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

	private static final String CLOUDNATIVE_PG = "postgresql.cnpg.io";

	private static final Map<String, String> CLOUDNATIVE_PG_CRDS = Map.of("Cluster",
			"crds/postgresql.cnpg.io_clusters.yaml", "Database", "crds/postgresql.cnpg.io_databases.yaml");

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

	private TypedModels() {
	}

	/**
	 * @param object a rendered object
	 * @return what does not fit its kind's model; empty when it parses cleanly
	 */
	static List<String> problems(JsonNode object) {
		String apiVersion = object.path("apiVersion").asString();
		String kind = object.path("kind").asString();
		String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
		if (group.equals(CLOUDNATIVE_PG)) {
			return schemaProblems(object, apiVersion.substring(apiVersion.indexOf('/') + 1), kind);
		}
		String json = object.toString();
		Object typed;
		try {
			if (group.equals("kafka.strimzi.io")) {
				Class<? extends KubernetesResource> type = STRIMZI.get(kind);
				if (type == null) {
					return List.of("no Strimzi model for " + kind);
				}
				typed = KUBERNETES.unmarshal(json, type);
			}
			else if (group.equals("monitoring.coreos.com") && kind.equals("ServiceMonitor")) {
				typed = KUBERNETES.unmarshal(json, ServiceMonitor.class);
			}
			else {
				typed = KUBERNETES.unmarshal(json);
			}
		}
		catch (RuntimeException ex) {
			return List.of("does not parse: " + ex.getMessage());
		}
		if (typed instanceof GenericKubernetesResource) {
			return List.of("no typed model for " + apiVersion + " " + kind);
		}
		List<String> unknown = new ArrayList<>();
		collectUnknownFields(typed, "", unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
		return unknown;
	}

	/**
	 * Walks the parsed object's getters and reports every non-empty
	 * {@code additionalProperties}: the fields the model had no place for.
	 */
	private static void collectUnknownFields(Object value, String path, List<String> unknown, Set<Object> seen) {
		if (value == null || !seen.add(value)) {
			return;
		}
		if (value instanceof Collection<?> collection) {
			int index = 0;
			for (Object element : collection) {
				collectUnknownFields(element, path + "[" + index++ + "]", unknown, seen);
			}
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.forEach((key, element) -> collectUnknownFields(element, path + "." + key, unknown, seen));
			return;
		}
		String packageName = value.getClass().getPackageName();
		if (!packageName.startsWith("io.fabric8.") && !packageName.startsWith("io.strimzi.")) {
			return;
		}
		for (Method getter : value.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
					|| getter.getDeclaringClass() == Object.class || !getter.getName().startsWith("get")) {
				continue;
			}
			Object property;
			try {
				property = getter.invoke(value);
			}
			catch (IllegalAccessException | InvocationTargetException ex) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
					extra.keySet().forEach((key) -> unknown.add("unknown field " + path + "." + key));
				}
				continue;
			}
			collectUnknownFields(property, path + "." + propertyName(getter), unknown, seen);
		}
	}

	private static String propertyName(Method getter) {
		String name = getter.getName().substring(3);
		return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private static List<String> schemaProblems(JsonNode object, String version, String kind) {
		String crd = CLOUDNATIVE_PG_CRDS.get(kind);
		if (crd == null) {
			return List.of("no CloudNativePG CRD for " + kind + " in src/test/resources/crds");
		}
		JsonNode definition = Manifests.resource(crd).get(0);
		for (JsonNode served : definition.path("spec").path("versions")) {
			if (served.path("name").asString().equals(version)) {
				ObjectNode schema = (ObjectNode) served.path("schema").path("openAPIV3Schema").deepCopy();
				forbidUnknownFields(schema);
				Schema validator = SCHEMAS.getSchema(schema);
				return validator.validate(object).stream().map((error) -> error.toString()).toList();
			}
		}
		return List.of(CLOUDNATIVE_PG + "/" + version + " " + kind + " is not served by " + crd);
	}

	/**
	 * Kubernetes prunes fields a structural schema does not declare (and refuses them
	 * under strict field validation); the JSON Schema equivalent is
	 * {@code additionalProperties: false} on every object that declares its properties
	 * and does not ask to keep unknown ones.
	 */
	private static void forbidUnknownFields(JsonNode schema) {
		if (schema instanceof ObjectNode node) {
			if (node.has("properties") && !node.has("additionalProperties")
					&& !node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
				node.put("additionalProperties", false);
			}
			node.forEach(TypedModels::forbidUnknownFields);
		}
		else if (schema != null && schema.isArray()) {
			schema.forEach(TypedModels::forbidUnknownFields);
		}
	}

}
