package io.weir.operations.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.weir.operations.OperationException;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.ReplayPreview;
import io.weir.operations.replay.ReplayRequest;
import io.weir.operations.replay.ReplaySelection;
import io.weir.operations.replay.Replays;
import io.weir.ui.HumanFormat;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The replay wizard: choose where the messages go and how fast, see the preview (how many, where
 * to, a sample, what to know), confirm, and land on the job's page to watch it run.
 */
public final class ReplayDialog extends Dialog {

    private final Replays replays;
    private final String source;
    private final String queue;
    private final ReplaySelection selection;
    private final TextField destination = new TextField("Destination");
    private final IntegerField rate = new IntegerField("Most messages per second");
    private final Div previewArea = new Div();
    private final Button preview = new Button("Preview");
    private final Button apply = new Button("Replay…");
    private final TextArea payload = new TextArea("Payload");
    private final TextArea headers = new TextArea("Headers");
    private final BrowsedMessage single;
    private ReplayPreview shown;

    /** Replays what {@code selection} takes; {@code what} names it in the title. */
    public ReplayDialog(Replays replays, String source, String queue, ReplaySelection selection, String what) {
        this(replays, source, queue, selection, what, null);
    }

    /** Replays one message, whose payload and headers may be edited first. */
    public static ReplayDialog of(Replays replays, String source, String queue, BrowsedMessage message) {
        return new ReplayDialog(replays, source, queue, new ReplaySelection(ReplaySelection.Kind.SELECTED, null, null,
                List.of(new ReplaySelection.MessageRef(message.partition(), message.offset(), null))),
                "message " + message.partition() + "/" + message.offset(), message);
    }

    /**
     * Replays one message of a queue, found by its message ID (RabbitMQ: a peek shows messages but
     * the job takes them afresh), whose payload and headers may be edited first.
     */
    public static ReplayDialog ofQueued(Replays replays, String source, String queue, BrowsedMessage message, String messageId) {
        return new ReplayDialog(replays, source, queue, new ReplaySelection(ReplaySelection.Kind.SELECTED, null, null,
                List.of(new ReplaySelection.MessageRef(null, null, messageId))), "message " + messageId, message);
    }

    private ReplayDialog(Replays replays, String source, String queue, ReplaySelection selection, String what,
            BrowsedMessage single) {
        this.replays = replays;
        this.source = source;
        this.queue = queue;
        this.selection = selection;
        this.single = single;
        setHeaderTitle("Replay " + what);
        setWidth("min(60rem, 95vw)");
        destination.setPlaceholder("each message's original destination");
        destination.setHelperText("Leave empty to send each message back where it came from, as its dead-letter headers say.");
        destination.setWidthFull();
        destination.setId("replay-destination");
        rate.setValue(0);
        rate.setMin(0);
        rate.setHelperText("0 for as fast as the brokers confirm. Limit it so the consumers are not flooded.");
        rate.setId("replay-rate");
        previewArea.setId("replay-preview");
        preview.setId("replay-preview-button");
        preview.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        preview.addClickListener(e -> preview());
        apply.setId("replay-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        apply.setEnabled(false);
        apply.addClickListener(e -> confirm());
        destination.addValueChangeListener(e -> stale());
        rate.addValueChangeListener(e -> stale());
        VerticalLayout body = new VerticalLayout(new Paragraph("From " + queue + " on " + source
                + ". Nothing moves until you confirm after the preview."), destination, rate);
        if (single != null) {
            payload.setValue(new String(single.value(), StandardCharsets.UTF_8));
            payload.setHelperText("Change it to publish a fixed message instead; leave it to replay the message as it is.");
            headers.setValue(single.headers().stream().map(h -> h.name() + ": " + h.text()).collect(Collectors.joining("\n")));
            headers.setHelperText("One 'name: value' per line; these replace the message's headers.");
            List.of(payload, headers).forEach(area -> {
                area.setWidthFull();
                area.setMaxHeight("12rem");
                area.addValueChangeListener(e -> stale());
            });
            payload.setId("replay-edit-payload");
            headers.setId("replay-edit-headers");
            body.add(payload, headers);
        }
        body.add(previewArea);
        body.setPadding(false);
        add(body);
        getFooter().add(new Button("Close", e -> close()), preview, apply);
    }

    private ReplayRequest request() {
        return new ReplayRequest(source, queue, selection, destination.getValue(),
                rate.getValue() == null ? 0 : Math.max(0, rate.getValue()), edit());
    }

    /** The edit of a single message, or null while its payload and headers are as stored. */
    private ReplayRequest.Edit edit() {
        if (single == null) {
            return null;
        }
        String original = new String(single.value(), StandardCharsets.UTF_8);
        String originalHeaders = single.headers().stream().map(h -> h.name() + ": " + h.text()).collect(Collectors.joining("\n"));
        boolean valueChanged = !payload.getValue().equals(original);
        boolean headersChanged = !headers.getValue().strip().equals(originalHeaders.strip());
        if (!valueChanged && !headersChanged) {
            return null;
        }
        Map<String, String> edited = null;
        if (headersChanged) {
            edited = new LinkedHashMap<>();
            for (String line : headers.getValue().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("each header line needs 'name: value', not '" + line.strip() + "'");
                }
                edited.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new ReplayRequest.Edit(edited, valueChanged ? payload.getValue() : null);
    }

    private void stale() {
        shown = null;
        apply.setEnabled(false);
        apply.setText("Replay…");
    }

    private void preview() {
        previewArea.removeAll();
        try {
            shown = replays.preview(request(), UiActor.current());
        } catch (OperationException | IllegalArgumentException e) {
            previewArea.add(line("No preview: " + e.getMessage(), "weir-error-text"));
            return;
        }
        ReplayPreview p = shown;
        String count = p.complete() || p.selected() > 0 ? HumanFormat.count(p.selected()) : "up to " + HumanFormat.count(p.queued());
        previewArea.add(line(count + " of " + HumanFormat.count(p.queued()) + " messages would be replayed"
                + (p.destinations().isEmpty() ? "." : " to " + p.destinations().entrySet().stream()
                        .map(e -> e.getKey() + " (" + HumanFormat.count(e.getValue()) + ")").collect(Collectors.joining(", ")) + "."),
                null));
        p.warnings().forEach(w -> previewArea.add(line(w, "weir-warning-text")));
        if (!p.sample().isEmpty()) {
            Grid<BrowsedMessage> sample = new Grid<>();
            sample.setId("replay-sample");
            sample.addThemeVariants(GridVariant.LUMO_COMPACT);
            sample.addColumn(m -> m.partition() + "/" + m.offset()).setHeader("Partition/offset").setAutoWidth(true);
            sample.addColumn(m -> m.key() == null ? "" : m.keyText()).setHeader("Key").setAutoWidth(true);
            sample.addColumn(m -> preview(m.value())).setHeader("Payload").setFlexGrow(2);
            sample.addColumn(m -> m.deadLetter().map(d -> d.reason() == null ? "" : d.reason()).orElse(""))
                    .setHeader("Reason").setFlexGrow(1);
            sample.setItems(p.sample());
            sample.setAllRowsVisible(true);
            previewArea.add(new Paragraph(p.sample().size() == 1 ? "The message:" : "The first " + p.sample().size() + ":"), sample);
        }
        if (p.refusal() != null) {
            previewArea.add(line("Weir will not replay: " + p.refusal(), "weir-error-text"));
            return;
        }
        boolean something = p.selected() > 0 || (!p.complete() && p.queued() > 0);
        apply.setEnabled(something);
        apply.setText(something ? "Replay " + count + (p.selected() == 1 ? " message…" : " messages…") : "Nothing to replay");
    }

    private void confirm() {
        ReplayPreview p = shown;
        ConfirmDialog dialog = new ConfirmDialog("Replay " + HumanFormat.count(Math.max(p.selected(), 0))
                + (p.selected() == 1 ? " message?" : " messages?"),
                "They are published again" + (p.destinations().isEmpty() ? "" : " to " + String.join(", ", p.destinations().keySet()))
                        + ", and their consumers process them again. Weir publishes each with the broker's confirmation"
                        + " before it settles the dead letter, so a crash causes at most a duplicate, never a loss. You can"
                        + " pause or cancel the job; what it already replayed stays replayed.",
                "Start the replay", e -> start());
        dialog.setConfirmButtonTheme("error primary");
        dialog.setCancelable(true);
        dialog.open();
    }

    private void start() {
        try {
            ReplayJob job = replays.start(request(), UiActor.current());
            close();
            UI.getCurrent().navigate("replays/" + job.id);
        } catch (OperationException | IllegalArgumentException e) {
            previewArea.add(line("Not started: " + e.getMessage(), "weir-error-text"));
        }
    }

    /** The start of a payload as text, for the sample; the message browser shows it whole. */
    private static String preview(byte[] value) {
        String text = new String(value, 0, Math.min(value.length, 240), StandardCharsets.UTF_8);
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static Paragraph line(String text, String className) {
        Paragraph paragraph = new Paragraph(text);
        if (className != null) {
            paragraph.addClassName(className);
        }
        return paragraph;
    }
}
