package io.weir.advisor;

/** How bad a finding is, worst first (the order pages and the API sort by). */
public enum Severity {
    /** Messages can be lost or the queue can stop now, with the setting as it is. */
    CRITICAL,
    /** A safeguard the article recommends is missing: loss, duplicates or backlog under a failure. */
    WARNING,
    /** Weir cannot see the safeguard from the broker, or it matters only in some set-ups: check by hand. */
    INFO;

    /** The value used in metric labels and the API, e.g. {@code critical}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
