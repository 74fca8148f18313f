package io.weir.alerting.rules;

import io.weir.alerting.promql.Durations;
import io.weir.alerting.promql.Expression;
import io.weir.alerting.promql.Parser;
import io.weir.alerting.promql.PromqlException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one Prometheus rule file and validates it the way {@code promtool check rules} does, over
 * the YAML node tree so every error carries its line: YAML syntax, unknown or repeated keys,
 * repeated group names, bad durations and label names, templates Weir cannot expand, and PromQL
 * outside Weir's subset (at the line inside the expression). Recording rules are refused. A file
 * with any error yields no groups: it is all or nothing, like Prometheus' reload. Thread-safe.
 */
final class RuleFileParser {

    private static final Set<String> FILE_KEYS = Set.of("groups");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules");
    private static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** The groups of a file, or the reasons it was refused (then no groups). */
    record Result(List<RuleGroupDefinition> groups, List<RuleLoadError> errors) {
    }

    private final String file;
    private final Duration defaultInterval;
    private final List<RuleLoadError> errors = new ArrayList<>();

    private RuleFileParser(String file, Duration defaultInterval) {
        this.file = file;
        this.defaultInterval = defaultInterval;
    }

    /** @param file the name errors are reported under */
    static Result parse(String file, String text, Duration defaultInterval) {
        return new RuleFileParser(file, defaultInterval).parse(text);
    }

    private Result parse(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            return refused(new RuleLoadError(file, line, "YAML syntax: " + e.getProblem()));
        } catch (YAMLException e) {
            return refused(new RuleLoadError(file, 0, "YAML syntax: " + e.getMessage()));
        }
        if (root == null) {
            return new Result(List.of(), List.of());
        }
        Map<String, Node> top = mapping(root, FILE_KEYS, "the file");
        List<RuleGroupDefinition> groups = new ArrayList<>();
        Node groupsNode = top == null ? null : top.get("groups");
        if (groupsNode instanceof SequenceNode sequence) {
            Set<String> names = new HashSet<>();
            for (Node groupNode : sequence.getValue()) {
                RuleGroupDefinition group = group(groupNode, names);
                if (group != null) {
                    groups.add(group);
                }
            }
        } else if (groupsNode != null && !isNull(groupsNode)) {
            error(groupsNode, "\"groups\" must be a list of groups");
        }
        return errors.isEmpty() ? new Result(groups, List.of()) : new Result(List.of(), List.copyOf(errors));
    }

    private RuleGroupDefinition group(Node node, Set<String> names) {
        Map<String, Node> group = mapping(node, GROUP_KEYS, "a group");
        if (group == null) {
            return null;
        }
        String name = string(group.get("name"));
        if (name == null || name.isBlank()) {
            error(node, "a group needs a \"name\"");
            return null;
        }
        if (!names.add(name)) {
            error(group.get("name"), "group name \"" + name + "\" is repeated in the same file");
        }
        Duration interval = group.containsKey("interval") ? duration(group.get("interval"), "interval", true) : defaultInterval;
        List<RuleDefinition> rules = new ArrayList<>();
        Node rulesNode = group.get("rules");
        if (rulesNode instanceof SequenceNode sequence) {
            for (Node ruleNode : sequence.getValue()) {
                RuleDefinition rule = rule(ruleNode, name);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        } else if (rulesNode != null && !isNull(rulesNode)) {
            error(rulesNode, "\"rules\" of group \"" + name + "\" must be a list");
        }
        return new RuleGroupDefinition(file, name, interval == null ? defaultInterval : interval, rules);
    }

    private RuleDefinition rule(Node node, String group) {
        Map<String, Node> rule = mapping(node, RULE_KEYS, "a rule of group \"" + group + "\"");
        if (rule == null) {
            return null;
        }
        if (rule.containsKey("record")) {
            error(rule.get("record"), "recording rules (record:) are not supported by Weir; use an alerting rule (alert:) "
                    + "or keep recording rules in a file only Prometheus reads");
            return null;
        }
        String name = string(rule.get("alert"));
        if (name == null || name.isBlank()) {
            error(node, "a rule of group \"" + group + "\" needs an \"alert\" name");
            return null;
        }
        Node exprNode = rule.get("expr");
        String exprText = string(exprNode);
        Expression expression = null;
        if (exprText == null || exprText.isBlank()) {
            error(exprNode == null ? node : exprNode, "rule \"" + name + "\" needs an \"expr\"");
        } else {
            expression = expression((ScalarNode) exprNode, exprText, name);
        }
        Duration holdFor = rule.containsKey("for") ? duration(rule.get("for"), "for", false) : Duration.ZERO;
        Duration keepFiringFor = rule.containsKey("keep_firing_for")
                ? duration(rule.get("keep_firing_for"), "keep_firing_for", false) : Duration.ZERO;
        Map<String, String> labels = stringMap(rule.get("labels"), "labels", name);
        Map<String, String> annotations = stringMap(rule.get("annotations"), "annotations", name);
        if (labels.containsKey("alertname")) {
            error(rule.get("labels"), "rule \"" + name + "\" may not set the label alertname");
        }
        if (expression == null || holdFor == null || keepFiringFor == null) {
            return null;
        }
        return new RuleDefinition(name, exprText, expression, holdFor, keepFiringFor, new TreeMap<>(labels), annotations,
                line(node));
    }

    /** Parses {@code expr}; an error points at the file line of the offending token. */
    private Expression expression(ScalarNode node, String text, String rule) {
        try {
            return Parser.parse(text);
        } catch (PromqlException e) {
            // Only a literal block (|) keeps the expression's line breaks; it starts on the line after the key.
            boolean literal = node.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL;
            int line = literal ? line(node) + e.line() : line(node);
            errors.add(new RuleLoadError(file, line, "rule \"" + rule + "\": " + e.reason()
                    + " (expression line " + e.line() + ", column " + e.column() + ")"));
            return null;
        }
    }

    /** The keys of a mapping node in order; unknown and repeated keys are errors. Null if not a mapping. */
    private Map<String, Node> mapping(Node node, Set<String> allowed, String what) {
        if (!(node instanceof MappingNode mapping)) {
            error(node, what + " must be a mapping of keys to values");
            return null;
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = string(tuple.getKeyNode());
            if (key == null || !allowed.contains(key)) {
                error(tuple.getKeyNode(), "unknown key \"" + key + "\" in " + what + " (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (values.put(key, tuple.getValueNode()) != null) {
                error(tuple.getKeyNode(), "key \"" + key + "\" is repeated in " + what);
            }
        }
        return values;
    }

    private Map<String, String> stringMap(Node node, String field, String rule) {
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || isNull(node)) {
            return values;
        }
        if (!(node instanceof MappingNode mapping)) {
            error(node, "\"" + field + "\" of rule \"" + rule + "\" must be a mapping");
            return values;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = string(tuple.getKeyNode());
            String value = string(tuple.getValueNode());
            if (key == null || !LABEL_NAME.matcher(key).matches()) {
                error(tuple.getKeyNode(), "invalid " + field + " name \"" + key + "\" in rule \"" + rule + "\"");
            } else if (value == null) {
                error(tuple.getValueNode(), field + " \"" + key + "\" of rule \"" + rule + "\" must be a text");
            } else if (values.put(key, value) != null) {
                error(tuple.getKeyNode(), field + " \"" + key + "\" is repeated in rule \"" + rule + "\"");
            } else {
                try {
                    AlertTemplate.check(value);
                } catch (IllegalArgumentException e) {
                    error(tuple.getValueNode(), field + " \"" + key + "\" of rule \"" + rule + "\": " + e.getMessage());
                }
            }
        }
        return values;
    }

    private Duration duration(Node node, String field, boolean positive) {
        String text = string(node);
        if (text == null || !(text.equals("0") || Durations.isDuration(text))) {
            error(node, "\"" + field + "\": not a valid duration: \"" + text + "\" (write e.g. 30s, 5m, 1h30m)");
            return null;
        }
        Duration duration = Duration.ofMillis(text.equals("0") ? 0 : Durations.millis(text));
        if (positive && duration.isZero()) {
            error(node, "\"" + field + "\" must be longer than 0s");
            return null;
        }
        return duration;
    }

    private static String string(Node node) {
        return node instanceof ScalarNode scalar && !isNull(node) ? scalar.getValue() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().getValue().endsWith(":null");
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private void error(Node node, String reason) {
        errors.add(new RuleLoadError(file, line(node), reason));
    }

    private Result refused(RuleLoadError error) {
        return new Result(List.of(), List.of(error));
    }
}
