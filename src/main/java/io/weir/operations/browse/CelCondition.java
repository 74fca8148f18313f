package io.weir.operations.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelEvaluationListener;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A CEL expression (<a href="https://cel.dev">cel.dev</a>) that a message must make true, compiled
 * once per search. CEL has no access to Java: an expression sees only the variables below and
 * CEL's standard functions and macros; Weir registers no functions of its own. Variables:
 * {@code key} (string, {@code ""} without a key), {@code value} (string, the payload as UTF-8),
 * {@code valueJson} (the parsed JSON payload, {@code null} when it is not JSON), {@code headers}
 * ({@code map(string, string)}, the last value of a repeated header), {@code partition} and
 * {@code offset} (int), {@code timestamp} (a CEL timestamp).
 *
 * <p>Bounds per message: comprehensions ({@code exists}, {@code all}, {@code map}, {@code filter})
 * run at most {@value #MAX_ITERATIONS} iterations in all, and the evaluation stops once it has
 * run {@value #BUDGET_MS} ms, checked after each step of the expression; a step that is one
 * standard function call (such as {@code matches} on a large payload, which uses RE2 and so runs
 * in linear time) is not cut in the middle. A message whose evaluation fails or runs out of
 * budget does not match. Thread-safe.
 */
public final class CelCondition {

    static final int MAX_ITERATIONS = 10_000;
    static final long BUDGET_MS = 100;
    private static final int MAX_EXPRESSION_CHARS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CelOptions OPTIONS = CelOptions.current()
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxExpressionCodePointSize(MAX_EXPRESSION_CHARS)
            .build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("key", SimpleType.STRING)
            .addVar("value", SimpleType.STRING)
            .addVar("valueJson", SimpleType.DYN)
            .addVar("headers", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("partition", SimpleType.INT)
            .addVar("offset", SimpleType.INT)
            .addVar("timestamp", SimpleType.TIMESTAMP)
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final String expression;
    private final CelRuntime.Program program;
    private final boolean readsPayload;

    private CelCondition(String expression, CelRuntime.Program program, boolean readsPayload) {
        this.expression = expression;
        this.program = program;
        this.readsPayload = readsPayload;
    }

    /**
     * Compiles an expression, or says what is wrong with it and where (CEL's own message, with line
     * and column); an expression whose result is not a bool is refused here.
     */
    public static CelCondition compile(String expression) {
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
            throw new IllegalArgumentException("cel is not a valid boolean CEL expression: " + result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            boolean readsPayload = ast.getReferenceMap().values().stream()
                    .anyMatch(reference -> reference.name().equals("value") || reference.name().equals("valueJson"));
            return new CelCondition(expression, RUNTIME.createProgram(ast), readsPayload);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("cel is not a valid boolean CEL expression: " + e.getMessage());
        }
    }

    /** The expression as written. */
    public String expression() {
        return expression;
    }

    /** Whether the expression uses the payload ({@code value} or {@code valueJson}). */
    public boolean readsPayload() {
        return readsPayload;
    }

    /** Whether the message makes the expression true, within the budget; failures count as false. */
    public boolean matches(BrowsedMessage message) {
        long deadline = System.nanoTime() + BUDGET_MS * 1_000_000;
        CelEvaluationListener clock = (expr, result) -> {
            if (System.nanoTime() > deadline) {
                throw new OutOfTime();
            }
        };
        try {
            return Boolean.TRUE.equals(program.trace(variables(message), clock));
        } catch (CelEvaluationException | OutOfTime e) {
            // The runtime wraps what the clock throws in a CelEvaluationException.
            return false;
        }
    }

    /** The variables of one message; the payload is decoded, and parsed as JSON, only when the expression asks. */
    private static CelVariableResolver variables(BrowsedMessage message) {
        return name -> switch (name) {
            case "key" -> Optional.of(message.key() == null ? "" : message.keyText());
            case "value" -> Optional.of(new String(message.value(), StandardCharsets.UTF_8));
            case "valueJson" -> Optional.of(json(message.value()));
            case "headers" -> {
                Map<String, String> headers = new LinkedHashMap<>();
                message.headers().forEach(h -> headers.put(h.name(), h.text()));
                yield Optional.of(headers);
            }
            case "partition" -> Optional.of((long) message.partition());
            case "offset" -> Optional.of(message.offset());
            case "timestamp" -> Optional.of(timestamp(message.timestamp()));
            default -> Optional.empty();
        };
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static Object json(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            return node == null ? NullValue.NULL_VALUE : cel(node);
        } catch (IOException e) {
            return NullValue.NULL_VALUE;
        }
    }

    /** A JSON tree as CEL values: maps, lists, strings, ints, doubles, bools and null. */
    private static Object cel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> map.put(field.getKey(), cel(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(cel(element)));
            return list;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return NullValue.NULL_VALUE;
    }

    private static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("CEL evaluation ran out of time", null, false, false);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CelCondition that && that.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }
}
