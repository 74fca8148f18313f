/**
 * A subset of PromQL for alert rules: parsed by {@link io.weir.alerting.promql.Parser} and
 * evaluated by {@link io.weir.alerting.promql.Evaluator} over Weir's own history
 * ({@code io.weir.monitor.history}), with the results Prometheus 2.x (2.42, the version the oracle
 * test runs) gives for the same data. Pure Java: it may call {@code monitor.history} and nothing
 * else of Weir; the rule loader and evaluator of {@code alerting} call it.
 *
 * <h2>The subset</h2>
 * <ul>
 * <li>Instant selectors {@code name{l="v", l!="v", l=~"re", l!~"re"}} (or {@code {__name__="name"}}),
 *     at least one matcher that does not match the empty string; regexes fully anchored.</li>
 * <li>Range selectors {@code selector[5m]}, units ms s m h d w y, combinable ({@code 1h30m});
 *     {@code offset 5m} after a selector or range selector.</li>
 * <li>Functions {@code rate, increase, delta, deriv, avg_over_time, min_over_time, max_over_time}
 *     of a range selector, {@code predict_linear(v[range], seconds)}, {@code absent(v)}.</li>
 * <li>Aggregations {@code sum min max avg count}, with {@code by (...)} or {@code without (...)}
 *     before or after the argument.</li>
 * <li>Comparisons {@code == != > < >= <=}, with or without {@code bool}; arithmetic {@code + - * /};
 *     between scalars, a vector and a scalar, or two vectors matched one-to-one, optionally
 *     {@code on (...)} or {@code ignoring (...)}.</li>
 * <li>Number literals (decimal, exponent, hexadecimal, Inf, NaN), parentheses, unary minus and plus,
 *     {@code #} comments.</li>
 * </ul>
 * Everything else is refused when parsing, with a {@link io.weir.alerting.promql.PromqlException}
 * naming the construct and its line and column: other functions and aggregations
 * ({@code histogram_quantile}, {@code topk}, ...), {@code and or unless}, {@code % ^ atan2},
 * {@code group_left/group_right}, subqueries, {@code @}, negative offsets, string literals, and a
 * range vector as the result.
 *
 * <h2>Semantics (Prometheus 2.42)</h2>
 * <ul>
 * <li>An instant selector takes, per series, the latest sample in {@code [t - 5m, t]} (the lookback
 *     delta); a range selector every sample in {@code [t - range, t]}. Both ends are included, as
 *     in Prometheus 2.x (3.x excludes the start).</li>
 * <li>A series label with an empty value is no label, as in Prometheus.</li>
 * <li>Functions, aggregations, arithmetic, unary minus and {@code bool} comparisons drop the metric
 *     name; comparisons without {@code bool} filter and keep the left-hand element (name and
 *     value), also when the scalar is on the left.</li>
 * <li>{@code rate}, {@code increase} and {@code delta} use Prometheus' extrapolatedRate: at least two
 *     samples; counter resets added back (not for delta); extrapolated to the range boundaries,
 *     unless the gap to a boundary exceeds 1.1 times the average sample interval, then by half an
 *     interval; a counter is not extrapolated before the time it would have been zero; rate divides
 *     by the range in seconds.</li>
 * <li>{@code deriv} is the least-squares slope per second; {@code predict_linear} the least-squares
 *     line's intercept at the evaluation time plus slope times the given seconds; both need two
 *     samples and use Kahan-Neumaier sums; a constant series has slope 0.</li>
 * <li>{@code *_over_time} use every sample of the range; avg is an incremental, compensated mean.</li>
 * <li>{@code absent(v)} gives nothing when {@code v} has elements, else one element of value 1 with
 *     the labels of {@code v}'s equality matchers when {@code v} is a selector.</li>
 * <li>Aggregations group by the listed labels ({@code by}) or all but them and the name
 *     ({@code without}); avg is an incremental mean. Values combine in Prometheus' series order.</li>
 * <li>Two vectors match on all labels but the name by default; the result takes the left-hand
 *     labels (reduced to the {@code on} labels, or without the {@code ignoring} ones). Several
 *     series with one signature on the right, or several matches for one on the left, fail the
 *     evaluation, as does any result with two elements of equal labels.</li>
 * </ul>
 * Known differences: Weir combines an aggregation's inputs in label-set order, Prometheus in the
 * order its storage created the series; a sum or average of non-integers can therefore differ from
 * a given Prometheus server in the last bits (Prometheus itself is not stable there: promtool,
 * loading its input series in random order, gives either result). Regexes run on {@link java.util.regex.Pattern}, not Go's RE2; the common
 * syntax (alternation, classes, repetition) behaves the same.
 */
package io.weir.alerting.promql;
