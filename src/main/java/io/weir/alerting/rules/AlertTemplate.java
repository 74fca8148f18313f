package io.weir.alerting.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Prometheus' Go templates that alert annotations use: {@code {{ $labels.name }}},
 * {@code {{ $value }}} (also {@code .Labels.name}, {@code .Value}), optionally piped to
 * {@code humanize}, {@code humanizeDuration} or {@code humanizePercentage}. Numbers print as Go
 * prints them, so a text reads the same in Weir and in Prometheus. Anything else between
 * {@code {{ }}} is refused by {@link #check} when the rule file loads. A missing label expands to
 * nothing. Stateless and thread-safe.
 */
final class AlertTemplate {

    private static final Pattern ACTION = Pattern.compile("\\{\\{(.*?)\\}\\}", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:\\$labels|\\.Labels)\\.([a-zA-Z_][a-zA-Z0-9_]*)|\\$value|\\.Value"
                    + "|(?:\\$value|\\.Value)\\s*\\|\\s*(humanize|humanizeDuration|humanizePercentage)");
    private static final String[] LARGE = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};

    private AlertTemplate() {
    }

    /** @throws IllegalArgumentException naming the first construct Weir cannot expand */
    static void check(String template) {
        Matcher action = ACTION.matcher(template);
        while (action.find()) {
            if (!REFERENCE.matcher(action.group(1).strip()).matches()) {
                throw new IllegalArgumentException("template {{" + action.group(1) + "}} is not supported: Weir expands "
                        + "{{ $labels.<name> }} and {{ $value }}, optionally | humanize, humanizeDuration or humanizePercentage");
            }
        }
        int open = template.replaceAll("\\{\\{.*?\\}\\}", "").indexOf("{{");
        if (open >= 0) {
            throw new IllegalArgumentException("template has an unclosed {{");
        }
    }

    /** The template with every reference replaced; the template must have passed {@link #check}. */
    static String expand(String template, Map<String, String> labels, double value) {
        if (!template.contains("{{")) {
            return template;
        }
        Matcher action = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        while (action.find()) {
            Matcher reference = REFERENCE.matcher(action.group(1).strip());
            String text = action.group(0);
            if (reference.matches()) {
                if (reference.group(1) != null) {
                    text = labels.getOrDefault(reference.group(1), "");
                } else if (reference.group(2) != null) {
                    text = switch (reference.group(2)) {
                        case "humanize" -> humanize(value);
                        case "humanizeDuration" -> humanizeDuration(value);
                        default -> goFloat(value * 100, 4) + "%";
                    };
                } else {
                    text = goFloat(value, 0);
                }
            }
            action.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        action.appendTail(out);
        return out.toString();
    }

    /** Prometheus' humanize: SI prefixes, four significant digits ({@code 1.235k}, {@code 250m}). */
    static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return goFloat(v, 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (int i = 0; i < LARGE.length && Math.abs(v) >= 1000; i++) {
                prefix = LARGE[i];
                v /= 1000;
            }
        } else {
            for (int i = 0; i < SMALL.length && Math.abs(v) < 1; i++) {
                prefix = SMALL[i];
                v *= 1000;
            }
        }
        return goFloat(v, 4) + prefix;
    }

    /** Prometheus' humanizeDuration of seconds: {@code 1d 2h 3m 4s}, {@code 4.5s}, {@code 250ms}. */
    static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return goFloat(v, 4);
        }
        if (v == 0) {
            return "0s";
        }
        if (Math.abs(v) >= 1) {
            String sign = v < 0 ? "-" : "";
            v = Math.abs(v);
            long total = (long) v;
            long seconds = total % 60;
            long minutes = total / 60 % 60;
            long hours = total / 3600 % 24;
            long days = total / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + goFloat(v, 4) + "s";
        }
        String prefix = "";
        for (int i = 0; i < SMALL.length && Math.abs(v) < 1; i++) {
            prefix = SMALL[i];
            v *= 1000;
        }
        return goFloat(v, 4) + prefix + "s";
    }

    /**
     * A float as Go's fmt prints it: {@code %v} when {@code significant} is 0 (shortest digits,
     * exponent form from 1e+06 on), else {@code %.<significant>g}. Trailing zeros never print.
     */
    static String goFloat(double v, int significant) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0";
        }
        String sign = v < 0 ? "-" : "";
        BigDecimal digits = significant > 0
                ? new BigDecimal(Math.abs(v)).round(new MathContext(significant, RoundingMode.HALF_EVEN))
                : new BigDecimal(Double.toString(Math.abs(v)));
        digits = digits.stripTrailingZeros();
        int count = digits.precision();
        int exponent = count - 1 - digits.scale();
        int exponentFrom = 6;
        if (significant > 0) {
            exponentFrom = significant > count && count >= exponent + 1 ? count : significant;
        }
        if (exponent < -4 || exponent >= exponentFrom) {
            String mantissa = digits.unscaledValue().toString();
            String text = mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
            int magnitude = Math.abs(exponent);
            return sign + text + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
        }
        return sign + digits.toPlainString();
    }
}
