package io.weir.alerting.rules;

/**
 * Why a rule file could not be loaded: the file, the line (from 1; 0 when the problem is the file
 * as a whole) and the reason in words, e.g. {@code queues.yml:14: unknown key "fro" in rule "X"}.
 */
public record RuleLoadError(String file, int line, String reason) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
