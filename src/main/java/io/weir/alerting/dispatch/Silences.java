package io.weir.alerting.dispatch;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Creates, lists and expires silences, and answers "is this alert silenced now?" from a copy in
 * memory that is reloaded after every change, so the dispatcher never waits for the database.
 * Thread-safe.
 */
@ApplicationScoped
public class Silences {

    /** A silence as the dispatcher checks it. */
    private record Window(List<Matcher> matchers, Instant startsAt, Instant endsAt) {
        boolean mutes(Map<String, String> labels, Instant now) {
            return !now.isBefore(startsAt) && now.isBefore(endsAt) && Matcher.all(matchers, labels);
        }
    }

    private volatile List<Window> unexpired = List.of();

    @PostConstruct
    void load() {
        reload();
    }

    /**
     * Stores a new silence.
     *
     * @throws IllegalArgumentException for bad matchers, matchers that would match every alert, or
     *                                  an end that is not after both the start and now
     */
    public Silence create(String matchers, Instant startsAt, Instant endsAt, String author, String comment) {
        List<Matcher> parsed = Matcher.parseList(matchers);
        if (parsed.stream().allMatch(m -> m.matches(null))) {
            throw new IllegalArgumentException("a silence needs at least one matcher that does not match an empty label, "
                    + "e.g. alertname=\"ConsumerStopped\"");
        }
        if (!endsAt.isAfter(startsAt) || !endsAt.isAfter(Instant.now())) {
            throw new IllegalArgumentException("the end of a silence must be after its start and in the future");
        }
        Silence silence = new Silence();
        silence.id = UUID.randomUUID().toString();
        silence.matchers = Matcher.format(parsed);
        silence.startsAt = startsAt;
        silence.endsAt = endsAt;
        silence.createdBy = author;
        silence.comment = comment == null ? "" : comment.strip();
        silence.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(silence::persist);
        reload();
        return silence;
    }

    /** Ends the silence now; an already expired silence stays as it is. Empty if there is no such silence. */
    public Optional<Silence> expire(String id) {
        Optional<Silence> expired = QuarkusTransaction.requiringNew().call(() -> {
            Optional<Silence> silence = Silence.findByIdOptional(id);
            Instant now = Instant.now();
            silence.filter(s -> s.endsAt.isAfter(now)).ifPresent(s -> {
                s.endsAt = now;
                if (s.startsAt.isAfter(now)) {
                    s.startsAt = now;
                }
            });
            return silence;
        });
        reload();
        return expired;
    }

    /** Every silence, newest first. */
    public List<Silence> list() {
        return QuarkusTransaction.requiringNew().call(() -> Silence.<Silence>listAll(Sort.descending("createdAt")));
    }

    public Optional<Silence> find(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Silence.findByIdOptional(id));
    }

    boolean mutes(Map<String, String> labels, Instant now) {
        return unexpired.stream().anyMatch(window -> window.mutes(labels, now));
    }

    private void reload() {
        unexpired = QuarkusTransaction.requiringNew().call(() -> Silence.<Silence>list("endsAt > ?1", Instant.now()))
                .stream().map(s -> new Window(s.parsedMatchers(), s.startsAt, s.endsAt)).toList();
    }
}
