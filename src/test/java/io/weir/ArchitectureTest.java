package io.weir;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.runtime.StartupEvent;
import io.weir.monitor.MonitorMetrics;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The package boundaries of the architecture note, checked on the compiled main classes. */
class ArchitectureTest {

    private static final JavaClasses WEIR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.weir");

    private static final List<String> FEATURES =
            List.of("broker", "sources", "monitor", "alerting", "operations", "security", "api", "advisor", "scenarios", "cluster");

    @Test
    void vaadinIsUsedOnlyInUiPackages() {
        noClasses().that().resideOutsideOfPackages("io.weir.ui..", "io.weir..ui..")
                .should().dependOnClassesThat().resideInAPackage("com.vaadin..")
                .check(WEIR);
    }

    /** The Kafka source reads Kafka clusters; the built-in broker's Kafka listener parses the protocol with the same classes. */
    @Test
    void kafkaClientsAreUsedOnlyByTheKafkaSourceAndTheKafkaListener() {
        noClasses().that().resideOutsideOfPackages("io.weir.sources.kafka..", "io.weir.broker.kafka..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .check(WEIR);
    }

    /** The listener translates Kafka requests into the broker's API; the broker itself knows no Kafka type. */
    @Test
    void builtInBrokerOutsideItsKafkaListenerImportsNothingKafka() {
        noClasses().that().resideInAPackage("io.weir.broker..").and().resideOutsideOfPackage("io.weir.broker.kafka..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.weir.broker.kafka..")
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

    /** The scenarios run on the built-in broker's Java API only: no source, so no external broker, within reach. */
    @Test
    void scenariosNeverReachASource() {
        noClasses().that().resideInAPackage("io.weir.scenarios..")
                .should().dependOnClassesThat().resideInAPackage("io.weir.sources..")
                .check(WEIR);
    }

    @Test
    void sourcesDependOnNoOtherFeature() {
        noClasses().that().resideInAPackage("io.weir.sources..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.weir.monitor..", "io.weir.alerting..", "io.weir.operations..", "io.weir.api..", "io.weir.advisor..",
                        "io.weir.ui..", "io.weir.security..")
                .check(WEIR);
    }

    @Test
    void alertingOwnsItsMetricNames() {
        noClasses().that().resideInAPackage("io.weir.alerting..")
                .should().dependOnClassesThat().belongToAnyOf(MonitorMetrics.class)
                .check(WEIR);
    }

    @Test
    void ruleEvaluationIsScheduledOnlyByTheRuleScheduler() {
        // One place decides when rules run, so leadership has one place to hook in.
        noClasses().that().resideInAPackage("io.weir.alerting.rules..")
                .and().doNotHaveSimpleName("RuleScheduler")
                .should().dependOnClassesThat().belongToAnyOf(ScheduledExecutorService.class, StartupEvent.class)
                .check(WEIR);
    }

    /**
     * Panache replaces an entity's static methods ({@code findById}, {@code deleteById}, ...) in
     * the entity class at build time. A method reference such as {@code StoredAlert::deleteById}
     * compiles to a handle on {@code PanacheEntityBase}'s own method, which only throws "did you
     * forget to annotate your entity with @Entity?" at run time: alert state was not saved that way.
     */
    @Test
    void panacheStaticMethodsAreNeverReachedThroughTheBaseClass() {
        noClasses().should(new ArchCondition<JavaClass>("reference a static method of PanacheEntityBase itself") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaAccess<?> access : item.getAccessesFromSelf()) {
                    boolean staticOnBase = access.getTargetOwner().isEquivalentTo(PanacheEntityBase.class)
                            && access.getTarget().resolveMember()
                                    .map(member -> member.getModifiers().contains(JavaModifier.STATIC)).orElse(false);
                    if (staticOnBase) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        }).check(WEIR);
    }

    private static DescribedPredicate<JavaClass> weirOutside(String packageName) {
        return DescribedPredicate.describe("Weir classes outside " + packageName,
                c -> c.getPackageName().startsWith("io.weir") && !c.getPackageName().startsWith(packageName));
    }
}
