package io.weir.scenarios.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.scenarios.Scenario;
import io.weir.scenarios.Scenarios;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;

/** The scenarios, each with what it shows and whether it runs. */
@Route(value = "scenarios", layout = MainLayout.class)
@PageTitle("Live scenarios · Weir")
@PermitAll
class ScenariosView extends VerticalLayout {

    ScenariosView(Scenarios scenarios) {
        setWidthFull();
        add(new H2("Live scenarios"));
        Paragraph intro = new Paragraph("Each scenario runs producers and consumers on Weir's built-in broker (source "
                + scenarios.sourceName() + "), so everything in the console watches them as it watches real traffic:"
                + " the overview, the topic and group pages, the metrics and the alert rules. They never touch"
                + " another broker, and Stop removes all their load.");
        intro.getStyle().set("max-width", "60rem");
        add(intro);
        if (!scenarios.enabled()) {
            Paragraph off = new Paragraph("The scenarios are off here: " + scenarios.offReason() + ".");
            off.setId("scenarios-off");
            add(off);
        }
        FlexLayout cards = new FlexLayout();
        cards.setId("scenario-cards");
        cards.addClassName("weir-cards");
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        for (Scenario scenario : scenarios.all()) {
            Div card = new Div();
            card.addClassName("weir-card");
            card.getStyle().set("max-width", "26rem");
            Anchor title = new Anchor("scenarios/" + scenario.id(), scenario.title());
            title.addClassName("weir-card-title");
            card.add(scenario.running() ? new StatusBadge("RUNNING", StatusBadge.Tone.GOOD)
                    : new StatusBadge("STOPPED", StatusBadge.Tone.NEUTRAL), title, new Span(scenario.summary()));
            cards.add(card);
        }
        add(cards);
    }
}
