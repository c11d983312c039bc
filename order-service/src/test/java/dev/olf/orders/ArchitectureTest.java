package dev.olf.orders;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.olf.localstack.test.ArchitectureRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.olf", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

	@ArchTest
	static final ArchRule doesNotDependOnOtherServices = noClasses().that()
		.resideInAPackage("dev.olf.orders..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.olf.customers..", "dev.olf.inventory..", "dev.olf.stats..");

	@ArchTest
	static final ArchRule usesTheOutboxRatherThanKafkaDirectly = noClasses().that()
		.resideInAPackage("dev.olf.orders..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.kafka.core..", "org.apache.kafka.clients.producer..");

	@ArchTest
	static final ArchRule httpTypesOnlyInWebCode = ArchitectureRules.HTTP_TYPES_ONLY_IN_WEB_CODE;

}
