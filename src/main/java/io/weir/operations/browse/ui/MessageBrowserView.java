package io.weir.operations.browse.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.browse.BrowseException;
import io.weir.operations.browse.BrowseRequest;
import io.weir.operations.browse.BrowseResult;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.CelCondition;
import io.weir.operations.browse.MessageBrowsing;
import io.weir.operations.browse.MessageFilter;
import io.weir.operations.browse.QueuePeeking;
import io.weir.operations.browse.SavedFilter;
import io.weir.operations.browse.ScanListener;
import io.weir.operations.replay.ReplaySelection;
import io.weir.operations.replay.Replays;
import io.weir.operations.ui.ReplayDialog;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.CompletionException;

/**
 * Pages through one topic's messages with server-side filters. A search runs on a background
 * thread of {@link MessageBrowsing}; matches and progress reach the page by server push as they
 * are found, and Cancel stops it with what it found. Browsing only reads: no offset, group or
 * message changes. A RabbitMQ queue cannot be read without changing it: its page offers a peek
 * instead ({@link QueuePeekPanel}), with its warning and a confirmation.
 */
@Route(value = "sources/:source/messages", layout = MainLayout.class)
@PermitAll
class MessageBrowserView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private static final int PREVIEW_CHARS = 120;
    private static final int PAGE = 50;

    private final MessageBrowsing browsing;
    private final QueuePeeking peeking;
    private final Replays replays;
    private final Button replaySelected = new Button("Replay selected…");
    /** Operators may replay what they find, on sources whose kind can replay. */
    private boolean mayReplay;
    private final HorizontalLayout filters;
    private final HorizontalLayout actions;
    private QueuePeekPanel peekPanel;
    private final H2 title = new H2();
    private final Anchor back = new Anchor();
    private final TextField key = new TextField("Key");
    private final Select<MessageFilter.KeyMatch> keyMatch = new Select<>();
    private final TextField header = new TextField("Header");
    private final TextField text = new TextField("Text");
    private final TextField regex = new TextField("Regex");
    private final TextField jsonPath = new TextField("JSON field");
    private final TextField jsonValue = new TextField("JSON value");
    private final TextField cel = new TextField("CEL");
    private final Select<SavedFilter> saved = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From");
    private final DateTimePicker until = new DateTimePicker("Until");
    private final Select<BrowseRequest.Order> order = new Select<>();
    private final IntegerField partition = new IntegerField("Partition");
    private final TextField offset = new TextField("Start offset");
    private final Button search = new Button("Search", click -> start(null));
    private final Button next = new Button("Next page", click -> start(this.lastResult.next().orElse(null)));
    private final Button cancel = new Button("Cancel", click -> cancelRunning());
    private final Span progress = new Span();
    private final Paragraph empty = new Paragraph();
    private final List<BrowsedMessage> found = new ArrayList<>();
    private final ListDataProvider<BrowsedMessage> rows = new ListDataProvider<>(found);
    private final Grid<BrowsedMessage> grid = new Grid<>();
    private String source = "";
    private String queue = "";
    private BrowseRequest lastRequest;
    private BrowseResult lastResult;
    private MessageBrowsing.RunningBrowse running;
    private UI ui;
    /** The signed-in user's roles, with the roles they include: they decide whether payloads show. */
    private Set<String> roles = Set.of();

    MessageBrowserView(MessageBrowsing browsing, QueuePeeking peeking, Replays replays) {
        this.browsing = browsing;
        this.peeking = peeking;
        this.replays = replays;
        replaySelected.setId("browse-replay-selected");
        replaySelected.setEnabled(false);
        replaySelected.addClickListener(click -> replaySelected());
        setWidthFull();
        keyMatch.setLabel("Key match");
        keyMatch.setItems(MessageFilter.KeyMatch.values());
        keyMatch.setItemLabelGenerator(m -> m == MessageFilter.KeyMatch.EXACT ? "is" : "contains");
        keyMatch.setValue(MessageFilter.KeyMatch.EXACT);
        header.setPlaceholder("name or name:value");
        text.setPlaceholder("in payload, key, headers");
        jsonPath.setPlaceholder("$.order.id");
        order.setLabel("Order");
        order.setItems(BrowseRequest.Order.values());
        order.setItemLabelGenerator(o -> o == BrowseRequest.Order.OLDEST_FIRST ? "Oldest first" : "Newest first");
        order.setValue(BrowseRequest.Order.OLDEST_FIRST);
        partition.setPlaceholder("all");
        partition.setMin(0);
        offset.setPlaceholder("oldest");
        from.setHelperText("server time zone " + ZoneId.systemDefault().getId());
        key.setId("browse-key");
        header.setId("browse-header");
        text.setId("browse-text");
        regex.setId("browse-regex");
        jsonPath.setId("browse-json-path");
        jsonValue.setId("browse-json-value");
        cel.setId("browse-cel");
        cel.setPlaceholder("headers[\"type\"] == \"refund\" && offset > 100");
        cel.setHelperText("CEL over key, value, valueJson, headers, partition, offset, timestamp");
        cel.setWidth("24em");
        saved.setId("browse-saved");
        saved.setLabel("Saved filter");
        saved.setItemLabelGenerator(SavedFilter::name);
        saved.addValueChangeListener(change -> {
            if (change.getValue() != null) {
                try {
                    fill(change.getValue().parameters());
                } catch (java.time.format.DateTimeParseException e) {
                    progress.setText("Saved filter " + change.getValue().name() + " has a time that is not ISO-8601: "
                            + e.getParsedString());
                }
            }
        });
        order.setId("browse-order");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        search.setId("browse-search");
        next.setId("browse-next");
        cancel.setId("browse-cancel");
        next.setEnabled(false);
        cancel.setEnabled(false);
        progress.setId("browse-progress");
        empty.setId("browse-empty");
        List.of(key, header, text, regex, jsonPath, jsonValue, offset).forEach(field -> field.setWidth("10em"));
        keyMatch.setWidth("7em");
        order.setWidth("10em");
        partition.setWidth("6em");
        filters = new HorizontalLayout(saved, key, keyMatch, header, text, regex, jsonPath, jsonValue, cel, order,
                partition, offset, from, until);
        filters.setWrap(true);
        actions = new HorizontalLayout(search, next, cancel, replaySelected, progress);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        grid.setId("messages-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(BrowsedMessage::partition).setHeader("Partition").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(BrowsedMessage::offset).setHeader("Offset").setAutoWidth(true).setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        grid.addColumn(m -> HumanFormat.absolute(m.timestamp())).setHeader("Timestamp").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(m -> m.key() == null ? "" : m.keyText()).setHeader("Key").setAutoWidth(true);
        grid.addColumn(m -> m.payloadHidden() ? hidden(m) : PayloadText.preview(m.value(), PREVIEW_CHARS))
                .setHeader("Payload").setFlexGrow(3);
        grid.addColumn(m -> HumanFormat.bytes(m.size())).setHeader("Size").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(m -> m.deadLetter().map(d -> d.reason() == null ? "dead letter" : d.reason()).orElse(""))
                .setHeader("Dead-letter reason").setAutoWidth(true);
        grid.setItems(rows);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addSelectionListener(selection -> {
            int chosen = selection.getAllSelectedItems().size();
            replaySelected.setEnabled(chosen > 0);
            replaySelected.setText(chosen == 0 ? "Replay selected…" : "Replay " + chosen + " selected…");
        });
        grid.addItemClickListener(click -> new MessageDetail(queue, click.getItem(), mayReplay
                ? () -> ReplayDialog.of(replays, source, queue, click.getItem()).open() : null).open());
        add(title, back, filters, actions, empty, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        source = event.getRouteParameters().get("source").orElse("");
        queue = event.getLocation().getQueryParameters().getParameters().getOrDefault("queue", List.of("")).get(0);
        title.setText("Messages of " + shown(queue) + " on " + source);
        back.setText("Back to " + shown(queue));
        back.setHref("sources/" + source + "/queue?name=" + URLEncoder.encode(queue, StandardCharsets.UTF_8));
        boolean browsable = browsing.canBrowse(source);
        VaadinRequest request = VaadinRequest.getCurrent();
        roles = request == null ? Set.of() : Stream.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN)
                .filter(request::isUserInRole).collect(Collectors.toUnmodifiableSet());
        List<SavedFilter> savedFilters = browsing.savedFilters(source);
        saved.setItems(savedFilters);
        saved.setVisible(!savedFilters.isEmpty());
        boolean peekable = !browsable && peeking.canPeek(source);
        if (peekPanel != null) {
            remove(peekPanel);
            peekPanel = null;
        }
        if (peekable) {
            peekPanel = new QueuePeekPanel(peeking, replays, source, queue);
            addComponentAtIndex(2, peekPanel);
        }
        filters.setVisible(!peekable);
        actions.setVisible(!peekable);
        grid.setVisible(!peekable);
        search.setEnabled(browsable);
        mayReplay = browsable && replays.canReplay(source) && request != null && request.isUserInRole(Roles.OPERATOR);
        replaySelected.setVisible(mayReplay);
        empty.setText(peekable ? "" : browsable
                ? "Press Search to list the first " + PAGE + " messages, oldest first; or set filters, a start offset or a"
                        + " date-time first. Clicking a message shows it whole."
                : "Source '" + source + "' cannot be browsed: Weir browses the topics of Kafka and of the built-in broker"
                        + " and peeks at RabbitMQ queues.");
    }

    /** The chosen messages, by partition and offset, into the replay wizard. */
    private void replaySelected() {
        List<ReplaySelection.MessageRef> refs = grid.getSelectedItems().stream()
                .map(m -> new ReplaySelection.MessageRef(m.partition(), m.offset(), null)).toList();
        new ReplayDialog(replays, source, queue, new ReplaySelection(ReplaySelection.Kind.SELECTED, null, null, refs),
                refs.size() + (refs.size() == 1 ? " chosen message" : " chosen messages")).open();
    }

    @Override
    public String getPageTitle() {
        return "Messages of " + shown(queue) + " · Weir";
    }

    /** A queue as the console shows it: RabbitMQ's default virtual host ({@code //name}) left out. */
    static String shown(String queue) {
        return queue.startsWith("//") ? queue.substring(2) : queue;
    }

    private void start(Map<Integer, Long> position) {
        BrowseRequest request;
        try {
            request = position == null ? request() : lastRequest.withPosition(position);
        } catch (IllegalArgumentException e) {
            progress.setText(e.getMessage());
            return;
        }
        cancelRunning();
        lastRequest = request;
        found.clear();
        rows.refreshAll();
        search.setEnabled(false);
        next.setEnabled(false);
        cancel.setEnabled(true);
        empty.setText("");
        progress.setText("Searching…");
        UI page = ui;
        running = browsing.start(source, queue, request, roles::contains, new ScanListener() {
            @Override
            public void found(BrowsedMessage message) {
                page.access(() -> {
                    found.add(message);
                    rows.refreshAll();
                });
            }

            @Override
            public void progress(long scanned, long matched, Map<Integer, Long> at) {
                page.access(() -> progress.setText(progressText(scanned, matched, at) + " · searching…"));
            }
        });
        MessageBrowsing.RunningBrowse mine = running;
        running.result().whenComplete((result, failure) -> page.access(() -> finished(mine, result, failure)));
    }

    private void finished(MessageBrowsing.RunningBrowse browse, BrowseResult result, Throwable failure) {
        if (browse != running) {
            return;
        }
        running = null;
        search.setEnabled(true);
        cancel.setEnabled(false);
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            progress.setText("Search failed: " + (cause instanceof BrowseException ? cause.getMessage() : cause.toString()));
            return;
        }
        lastResult = result;
        next.setEnabled(result.next().isPresent());
        progress.setText(progressText(result.scanned(), result.matched(), result.next().orElse(Map.of())) + " · "
                + result.stop().description());
        if (result.messages().isEmpty()) {
            empty.setText(result.scanned() == 0 && result.complete()
                    ? "No messages in this range: the topic is empty here, or retention removed them. New messages will show"
                            + " when you search again."
                    : "No message matched among the " + HumanFormat.count(result.scanned()) + " read. Widen the filters, start"
                            + " earlier, or press Next page to read on.");
        }
    }

    private static String progressText(long scanned, long matched, Map<Integer, Long> at) {
        return HumanFormat.count(scanned) + " scanned · " + HumanFormat.count(matched) + " matched"
                + (at.isEmpty() ? "" : " · position " + BrowseRequest.formatPosition(at));
    }

    private BrowseRequest request() {
        String headerSpec = blank(header) == null ? null : header.getValue();
        MessageFilter filter = new MessageFilter(blank(key), keyMatch.getValue(), MessageFilter.headerName(headerSpec),
                MessageFilter.headerValue(headerSpec), blank(text),
                blank(regex) == null ? null : MessageFilter.regex(regex.getValue()),
                blank(jsonPath) == null ? null : MessageFilter.jsonPath(jsonPath.getValue().strip()), blank(jsonValue),
                instant(from.getValue()), instant(until.getValue()),
                blank(cel) == null ? null : CelCondition.compile(cel.getValue()));
        Long start;
        try {
            start = blank(offset) == null ? null : Long.valueOf(offset.getValue().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The start offset must be a whole number: " + offset.getValue());
        }
        return new BrowseRequest(partition.getValue(), start, null, order.getValue(), PAGE, filter, 0);
    }

    /** Sets the filter fields to a saved filter's parameters; fields it does not set are cleared. */
    private void fill(Map<String, String> parameters) {
        key.setValue(parameters.getOrDefault("key", ""));
        keyMatch.setValue("contains".equalsIgnoreCase(parameters.get("keyMatch")) ? MessageFilter.KeyMatch.CONTAINS
                : MessageFilter.KeyMatch.EXACT);
        header.setValue(parameters.getOrDefault("header", ""));
        text.setValue(parameters.getOrDefault("text", ""));
        regex.setValue(parameters.getOrDefault("regex", ""));
        jsonPath.setValue(parameters.getOrDefault("jsonPath", ""));
        jsonValue.setValue(parameters.getOrDefault("jsonValue", ""));
        cel.setValue(parameters.getOrDefault("cel", ""));
        from.setValue(local(parameters.get("from")));
        until.setValue(local(parameters.get("until")));
    }

    private static LocalDateTime local(String instant) {
        return instant == null ? null : LocalDateTime.ofInstant(Instant.parse(instant), ZoneId.systemDefault());
    }

    static String hidden(BrowsedMessage message) {
        return "hidden (" + HumanFormat.bytes(message.size()) + ")";
    }

    private static String blank(TextField field) {
        return field.getValue() == null || field.getValue().isEmpty() ? null : field.getValue();
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }

    private void cancelRunning() {
        if (running != null) {
            running.cancel();
            progress.setText(progress.getText().replace(" · searching…", "") + " · cancelling…");
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        ui = event.getUI();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        cancelRunning();
        ui = null;
    }
}
