package io.weir.advisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every check that applies to a source's kind, run over one input. Pure. */
final class Checks {

    /** Worst first, then by source, object and check, so lists and pages keep a stable order. */
    static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
            .thenComparing(Finding::source).thenComparing(Finding::object).thenComparing(Finding::check);

    private Checks() {
    }

    static List<Finding> run(CheckInput input) {
        List<Finding> findings = new ArrayList<>(switch (input.snapshot().kind()) {
            case KAFKA -> KafkaChecks.check(input);
            case RABBITMQ -> RabbitMqChecks.check(input);
            case BUILTIN -> BuiltinChecks.check(input);
        });
        findings.addAll(CommonChecks.check(input));
        findings.sort(WORST_FIRST);
        return findings;
    }
}
