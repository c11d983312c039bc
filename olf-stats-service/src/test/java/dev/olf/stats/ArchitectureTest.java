package dev.olf.stats;

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
		.resideInAPackage("dev.olf.stats..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.olf.customers..", "dev.olf.orders..", "dev.olf.inventory..");

	// The statistics only read: they may ask Kafka's admin API about lag and offsets, but
	// never produce.
	@ArchTest
	static final ArchRule neverProducesToKafka = noClasses().that()
		.resideInAPackage("dev.olf.stats..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.apache.kafka.clients.producer..")
		.orShould()
		.dependOnClassesThat()
		.haveSimpleNameStartingWith("KafkaTemplate");

	@ArchTest
	static final ArchRule projectionsDoNotDependOnTheirReaders = noClasses().that()
		.resideInAPackage("dev.olf.stats.projection..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("dev.olf.stats.statistics..");

	@ArchTest
	static final ArchRule httpTypesOnlyInWebCode = ArchitectureRules.HTTP_TYPES_ONLY_IN_WEB_CODE;

}
