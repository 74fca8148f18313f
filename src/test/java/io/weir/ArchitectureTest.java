package io.weir;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The package boundaries of the architecture note, checked on the compiled main classes. */
class ArchitectureTest {

    private static final JavaClasses WEIR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir");

    private static final List<String> FEATURES =
            List.of("broker", "sources", "monitor", "alerting", "operations", "security", "api");

    @Test
    void vaadinIsUsedOnlyInUiPackages() {
        noClasses().that().resideOutsideOfPackages("io.weir.ui..", "io.weir..ui..")
                .should().dependOnClassesThat().resideInAPackage("com.vaadin..")
                .check(WEIR);
    }

    @Test
    void kafkaClientsAreUsedOnlyByTheKafkaSource() {
        noClasses().that().resideOutsideOfPackage("io.weir.sources.kafka..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(WEIR);
    }

    @Test
    void rabbitMqClientsAreUsedOnlyByTheRabbitMqSource() {
        noClasses().that().resideOutsideOfPackage("io.weir.sources.rabbitmq..")
                .should().dependOnClassesThat().resideInAPackage("com.rabbitmq..")
                .check(WEIR);
    }

    @Test
    void onlyTheSourceRegistryKnowsTheBrokerKinds() {
        noClasses().that().resideOutsideOfPackage("io.weir.sources..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.weir.sources.kafka..", "io.weir.sources.rabbitmq..", "io.weir.sources.builtin..")
                .check(WEIR);
    }

    @Test
    void eachKindIsBuiltByItsOwnFactoryNotByTheRegistry() {
        noClasses().that().resideInAPackage("io.weir.sources")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.weir.sources.kafka..", "io.weir.sources.rabbitmq..", "io.weir.sources.builtin..")
                .check(WEIR);
    }

    @Test
    void builtInBrokerImportsNothingElseFromWeir() {
        noClasses().that().resideInAPackage("io.weir.broker..")
                .should().dependOnClassesThat(weirOutside("io.weir.broker"))
                .allowEmptyShould(true)
                .check(WEIR);
    }

    @Test
    void coreHoldsPlainValuesWithoutFrameworks() {
        classes().that().resideInAPackage("io.weir.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.weir.core..")
                .check(WEIR);
    }

    @Test
    void noFeatureImportsAnotherFeaturesViews() {
        for (String feature : FEATURES) {
            noClasses().that().resideOutsideOfPackage("io.weir." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.weir." + feature + ".ui..")
                    .allowEmptyShould(true)
                    .check(WEIR);
        }
    }

    @Test
    void viewsAndApiNeverCallBrokers() {
        noClasses().that().resideInAnyPackage("io.weir.ui..", "io.weir..ui..", "io.weir.api..")
                .should().dependOnClassesThat().resideInAPackage("io.weir.sources..")
                .check(WEIR);
    }

    @Test
    void sourcesDependOnNoOtherFeature() {
        noClasses().that().resideInAPackage("io.weir.sources..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.weir.monitor..", "io.weir.alerting..", "io.weir.operations..", "io.weir.api..",
                        "io.weir.ui..", "io.weir.security..")
                .check(WEIR);
    }

    private static DescribedPredicate<JavaClass> weirOutside(String packageName) {
        return DescribedPredicate.describe("Weir classes outside " + packageName,
                c -> c.getPackageName().startsWith("io.weir") && !c.getPackageName().startsWith(packageName));
    }
}
