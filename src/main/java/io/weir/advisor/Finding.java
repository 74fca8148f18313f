package io.weir.advisor;

import java.time.Instant;
import java.util.Objects;

/**
 * One safeguard missing on one object.
 *
 * @param source the source's name
 * @param object what the finding is about: a topic or queue's qualified name, a group id, or
 *     {@code *} for the whole source
 * @param objectType {@code topic}, {@code queue}, {@code group} or {@code source}
 * @param check the check's id, e.g. {@code kafka-replication-factor}; with source and object, the
 *     finding's identity, which an acknowledgement refers to
 * @param title one line saying what is wrong
 * @param evidence the values read that show it
 * @param why what it costs, in the article's terms (loss, duplication, disorder, backlog, outage)
 * @param fix the exact command or setting that adds the safeguard
 * @param acknowledgement who accepted the finding and why, {@code null} while nobody has
 */
public record Finding(String source, String object, String objectType, String check, Severity severity, String title,
        String evidence, String why, String fix, Acknowledgement acknowledgement) {

    /** The whole source, as {@link #object} of findings about no single object. */
    public static final String WHOLE_SOURCE = "*";

    public Finding {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
    }

    /** An operator's word that a finding is known and accepted. */
    public record Acknowledgement(String by, Instant at, String reason) {
    }

    public Finding acknowledged(Acknowledgement acknowledgement) {
        return new Finding(source, object, objectType, check, severity, title, evidence, why, fix, acknowledgement);
    }

    public boolean isAcknowledged() {
        return acknowledgement != null;
    }
}
