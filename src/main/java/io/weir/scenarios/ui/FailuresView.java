package io.weir.scenarios.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.scenarios.FailuresScenario;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Dead letters with their replay, duplicates absorbed, and order per key, each counted live. */
@Route(value = "scenarios/failures", layout = MainLayout.class)
@PageTitle("Failures · Weir")
@PermitAll
class FailuresView extends ScenarioPage {

    private final FailuresScenario failures;
    private final Div deadLetters = new Div();
    private final Div duplicates = new Div();
    private final Div order = new Div();
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
                + " and are processed."), fix, replay, deadLetters,
                new H3("Duplicates: an idempotent consumer"), duplicates,
                new H3("Order per key across partitions"), order);
    }

    @Override
    protected void refreshFigures() {
        FailuresScenario.Figures now = failures.figures();
        FailuresScenario.DeadLetterFigures d = now.deadLetters();
        fix.setEnabled(failures.running() && !d.fixed());
        fix.setText(d.fixed() ? "Consumer fixed" : "Fix the payments consumer");
        deadLetters.removeAll();
        deadLetters.add(tiles(
                tile("failures-payments", "Payments", HumanFormat.count(d.processed()) + " processed",
                        HumanFormat.count(d.published()) + " published · consumer " + (d.fixed() ? "fixed" : "rejects expired cards")),
                tile("failures-dead-letters", "Dead letters waiting", HumanFormat.count(d.deadLetters()),
                        HumanFormat.count(d.failedAttempts()) + " failed attempts"),
                tile("failures-recovered", "Replayed and processed", HumanFormat.count(d.recovered()),
                        d.fixed() ? "replay the dead letters from their page" : "fix the consumer first")));
        FailuresScenario.DuplicateFigures u = now.duplicates();
        duplicates.removeAll();
        duplicates.add(tiles(
                tile("failures-dedup-broker", "Producer retries dropped by the broker", HumanFormat.count(u.droppedByBroker()),
                        "of " + HumanFormat.count(u.producerRetries()) + " retries with the same message ID"),
                tile("failures-dedup-consumer", "Duplicate deliveries absorbed", HumanFormat.count(u.absorbed()),
                        HumanFormat.count(u.crashes()) + " consumer crashes before commit · "
                                + HumanFormat.count(u.deliveries()) + " deliveries"),
                tile("failures-paid", "Payouts paid", HumanFormat.count(u.paid()),
                        "of " + HumanFormat.count(u.published()) + " published: each paid once")));
        FailuresScenario.OrderFigures o = now.order();
        order.removeAll();
        StringBuilder split = new StringBuilder();
        o.perConsumer().forEach((consumer, count) -> split.append(split.length() == 0 ? "" : ", ").append(consumer)
                .append(": ").append(HumanFormat.count(count)));
        order.add(tiles(
                tile("failures-order-violations", "Order violations", HumanFormat.count(o.violations()),
                        HumanFormat.count(o.checked()) + " events checked over " + o.partitions() + " partitions"),
                tile("failures-order-consumers", "Events per consumer", split.length() == 0 ? "—" : split.toString(),
                        HumanFormat.count(o.redelivered()) + " redelivered after a rebalance, recognised and skipped")));
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
