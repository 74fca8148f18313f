package io.weir.scenarios.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.scenarios.FailuresScenario;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Dead letters with their replay, duplicates absorbed, and order per key, each counted live. */
@Route(value = "scenarios/failures", layout = MainLayout.class)
@PageTitle("Failures · Weir")
@PermitAll
class FailuresView extends ScenarioPage {

    private final FailuresScenario failures;
    private final FigureTile payments = new FigureTile("failures-payments", "Payments");
    private final FigureTile deadLetters = new FigureTile("failures-dead-letters", "Dead letters waiting");
    private final FigureTile recovered = new FigureTile("failures-recovered", "Replayed and processed");
    private final FigureTile brokerDedup = new FigureTile("failures-dedup-broker", "Producer retries dropped by the broker");
    private final FigureTile consumerDedup = new FigureTile("failures-dedup-consumer", "Duplicate deliveries absorbed");
    private final FigureTile paid = new FigureTile("failures-paid", "Payouts paid");
    private final FigureTile violations = new FigureTile("failures-order-violations", "Order violations");
    private final FigureTile consumers = new FigureTile("failures-order-consumers", "Events per consumer");
    private final Button fix = new Button("Fix the payments consumer");

    FailuresView(Scenarios scenarios) {
        super(scenarios, scenarios.failures(),
                "A consumer that cannot process a message gives up after its attempts and the broker keeps the message"
                        + " in a dead-letter topic instead of losing it or retrying it forever; once the bug is fixed, the"
                        + " operator replays it. An idempotent consumer makes the duplicates that at-least-once delivery"
                        + " brings harmless. A key per order keeps each order's events in one partition, in order.",
                "A poison message blocks its queue or is dropped and lost; a payout retried or redelivered is paid twice;"
                        + " events spread over partitions without a key overtake each other, and a \"shipped\" arrives"
                        + " before its \"paid\".");
        this.failures = scenarios.failures();
        fix.setId("failures-fix");
        fix.addClickListener(e -> act(failures::fix));
        fix.setVisible(operator && scenarios.enabled());
        String dlq = FailuresScenario.deadLetterTopic();
        Anchor replay = new Anchor("sources/" + scenarios.sourceName() + "/dead-letters?queue="
                + URLEncoder.encode(dlq, StandardCharsets.UTF_8), "Dead letters of " + dlq + ": why they failed, and replay");
        replay.setId("failures-dead-letters-link");
        add(new H3("Payments that fail: dead letters and replay"), new Paragraph("Every "
                + ordinal(failures.config().failEvery()) + " payment has an expired card, which the consumer rejects; after "
                + failures.config().maxAttempts() + " attempts the broker moves it to " + dlq + ". Fix the consumer,"
                + " then replay the dead letters from their page: they come back to " + FailuresScenario.PAYMENTS
                + " and are processed."), fix, replay, tiles(payments, deadLetters, recovered),
                new H3("Duplicates: an idempotent consumer"), tiles(brokerDedup, consumerDedup, paid),
                new H3("Order per key across partitions"), tiles(violations, consumers));
    }

    @Override
    protected void refreshFigures() {
        FailuresScenario.Figures now = failures.figures();
        FailuresScenario.DeadLetterFigures d = now.deadLetters();
        fix.setEnabled(failures.running() && !d.fixed());
        fix.setText(d.fixed() ? "Consumer fixed" : "Fix the payments consumer");
        payments.show(HumanFormat.count(d.processed()) + " processed",
                HumanFormat.count(d.published()) + " published · consumer " + (d.fixed() ? "fixed" : "rejects expired cards"));
        deadLetters.show(HumanFormat.count(d.deadLetters()), HumanFormat.count(d.failedAttempts()) + " failed attempts")
                .tone(d.deadLetters() == 0 ? StatusBadge.Tone.NEUTRAL : StatusBadge.Tone.WARNING);
        recovered.show(HumanFormat.count(d.recovered()),
                d.fixed() ? "replay the dead letters from their page" : "fix the consumer first");
        FailuresScenario.DuplicateFigures u = now.duplicates();
        brokerDedup.show(HumanFormat.count(u.droppedByBroker()),
                "of " + HumanFormat.count(u.producerRetries()) + " retries with the same message ID");
        consumerDedup.show(HumanFormat.count(u.absorbed()), HumanFormat.count(u.crashes())
                + " consumer crashes before commit · " + HumanFormat.count(u.deliveries()) + " deliveries");
        paid.show(HumanFormat.count(u.paid()), "of " + HumanFormat.count(u.published()) + " published: each paid once");
        FailuresScenario.OrderFigures o = now.order();
        StringBuilder split = new StringBuilder();
        o.perConsumer().forEach((consumer, count) -> split.append(split.length() == 0 ? "" : " / ").append(HumanFormat.count(count)));
        violations.show(HumanFormat.count(o.violations()),
                HumanFormat.count(o.checked()) + " events checked over " + o.partitions() + " partitions")
                .tone(o.violations() == 0 ? StatusBadge.Tone.GOOD : StatusBadge.Tone.BAD);
        consumers.show(split.length() == 0 ? "—" : split.toString(), String.join(" / ", o.perConsumer().keySet())
                + " · " + HumanFormat.count(o.redelivered()) + " redelivered after a rebalance, recognised and skipped");
    }

    private static String ordinal(int n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }
}
