package io.weir.operations.browse.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.DeadLetterOrigin;
import io.weir.ui.HumanFormat;
import java.io.ByteArrayInputStream;

/**
 * One message whole: its position, key and headers, where it came from if it is a dead letter, and
 * the complete payload as text, pretty JSON or hex, with a download of its bytes.
 */
final class MessageDetail extends Dialog {

    /** @param replay opens the replay wizard for this message, or {@code null} where the user may not replay */
    MessageDetail(String queue, BrowsedMessage message, Runnable replay) {
        setHeaderTitle("Partition " + message.partition() + " · offset " + message.offset());
        setWidth("min(1100px, 95vw)");
        setId("message-detail");
        Paragraph figures = new Paragraph(HumanFormat.absolute(message.timestamp()) + " · key "
                + (message.key() == null ? "(none)" : message.keyText()) + " · " + HumanFormat.bytes(message.size()));
        add(figures);
        message.deadLetter().ifPresent(origin -> add(deadLetter(origin)));
        add(new H4("Headers (" + message.headers().size() + ")"));
        if (message.headers().isEmpty()) {
            add(new Paragraph("This message has no headers."));
        } else {
            Grid<BrowsedMessage.Header> headers = new Grid<>();
            headers.setId("message-headers");
            headers.addThemeVariants(GridVariant.LUMO_COMPACT);
            headers.addColumn(BrowsedMessage.Header::name).setHeader("Name").setAutoWidth(true);
            headers.addColumn(h -> PayloadText.text(h.value()).orElseGet(() -> PayloadText.hex(h.value()).strip()))
                    .setHeader("Value");
            headers.setItems(message.headers());
            headers.setAllRowsVisible(true);
            add(headers);
        }
        if (message.payloadHidden()) {
            // Hidden: nothing to show, download or edit (an edit would start from an empty payload).
            Paragraph hidden = new Paragraph("Payload " + MessageBrowserView.hidden(message)
                    + ": this source hides the payloads of this topic from your role.");
            hidden.setId("message-payload-hidden");
            add(new H4("Payload"), hidden);
        } else {
            add(new H4("Payload"), payload(message), download(queue, message));
            if (replay != null) {
                Button edit = new Button("Edit and replay…", click -> {
                    close();
                    replay.run();
                });
                edit.setId("message-replay");
                getFooter().add(edit);
            }
        }
        getFooter().add(new Button("Close", click -> close()));
    }

    private static Div deadLetter(DeadLetterOrigin origin) {
        Div box = new Div();
        box.setId("message-dead-letter");
        box.addClassName("weir-dead-letter");
        box.add(new H4("Dead letter"));
        StringBuilder from = new StringBuilder("From " + (origin.destination() == null ? "an unknown destination" : origin.destination()));
        if (origin.partition() != null) {
            from.append(", partition ").append(origin.partition());
        }
        if (origin.offset() != null) {
            from.append(", offset ").append(origin.offset());
        }
        if (origin.group() != null) {
            from.append(" · given up by group ").append(origin.group());
        }
        if (origin.attempts() >= 0) {
            from.append(" after ").append(origin.attempts()).append(origin.attempts() == 1 ? " attempt" : " attempts");
        }
        box.add(new Paragraph(from.toString()));
        box.add(new Paragraph("Reason: " + (origin.reason() == null ? "not recorded" : origin.reason())));
        if (origin.time() != null) {
            box.add(new Paragraph("Dead-lettered " + HumanFormat.absolute(origin.time()) + " (" + origin.format() + " headers)"));
        }
        return box;
    }

    private static Div payload(BrowsedMessage message) {
        byte[] value = message.value();
        Pre shown = new Pre();
        shown.setId("message-payload");
        shown.addClassName("weir-payload");
        Tab text = new Tab("Text");
        Tab json = new Tab("JSON");
        Tab hex = new Tab("Hex");
        Tabs tabs = new Tabs(text, json, hex);
        json.setEnabled(PayloadText.prettyJson(value).isPresent());
        Runnable show = () -> {
            Tab selected = tabs.getSelectedTab();
            shown.setText(selected == hex ? PayloadText.hex(value)
                    : selected == json ? PayloadText.prettyJson(value).orElse("")
                    : PayloadText.text(value).orElse("Not UTF-8 text: see Hex."));
        };
        tabs.addSelectedChangeListener(event -> show.run());
        tabs.setSelectedTab(json.isEnabled() ? json : PayloadText.text(value).isPresent() ? text : hex);
        show.run();
        return new Div(tabs, shown);
    }

    private static Anchor download(String queue, BrowsedMessage message) {
        String name = queue + "-" + message.partition() + "-" + message.offset() + ".bin";
        Anchor link = new Anchor(DownloadHandler.fromInputStream(event -> new DownloadResponse(
                new ByteArrayInputStream(message.value()), name, "application/octet-stream", message.size())),
                "Download payload (" + HumanFormat.bytes(message.size()) + ")");
        link.setId("message-download");
        return link;
    }
}
