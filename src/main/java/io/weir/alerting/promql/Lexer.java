package io.weir.alerting.promql;

import io.weir.alerting.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens, as Prometheus' lexer does: identifiers (metric names may
 * contain colons), numbers (decimal, exponent, hexadecimal), durations ({@code 5m}, {@code 1h30m}),
 * strings in double, single or back quotes, operators and punctuation; {@code #} starts a comment
 * up to the end of the line. Keywords are left to the parser, which knows the context.
 */
final class Lexer {

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;
    /** Inside {@code [...]} a colon separates a subquery's range and resolution; elsewhere it is part of a name. */
    private boolean inBrackets;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        Lexer lexer = new Lexer(text);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.EOF, "", line, column(pos)));
                return;
            }
            int start = pos;
            char c = text.charAt(pos);
            if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
                numberOrDuration(start);
            } else if (isIdentifierStart(c) && !(inBrackets && c == ':')) {
                while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
                    pos++;
                }
                add(Kind.IDENTIFIER, start);
            } else if (c == '"' || c == '\'' || c == '`') {
                string(start, c);
            } else {
                operator(start, c);
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void numberOrDuration(int start) {
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            add(Kind.NUMBER, start);
            return;
        }
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < text.length() && (text.charAt(exponent) == '+' || text.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < text.length() && Character.isDigit(text.charAt(exponent))) {
                pos = exponent;
                digits();
            }
        }
        if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (!Durations.isDuration(word)) {
                throw new PromqlException("bad number or duration syntax: \"" + word + "\"", line, column(start));
            }
            add(Kind.DURATION, start);
            return;
        }
        add(Kind.NUMBER, start);
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private void string(int start, char quote) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length() || (quote != '`' && text.charAt(pos) == '\n')) {
                throw new PromqlException("unterminated quoted string", line, column(start));
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c == '\\' && quote != '`') {
                value.append(escape(start));
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos;
                }
                value.append(c);
            }
        }
        tokens.add(new Token(Kind.STRING, value.toString(), line, column(start)));
    }

    private String escape(int start) {
        if (pos >= text.length()) {
            throw new PromqlException("unterminated quoted string", line, column(start));
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\u0007";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\u000b";
            case '\\', '"', '\'': return String.valueOf(c);
            case 'x': return codePoint(2, start);
            case 'u': return codePoint(4, start);
            case 'U': return codePoint(8, start);
            default: throw new PromqlException("unknown escape sequence \\" + c, line, column(pos - 2));
        }
    }

    private String codePoint(int length, int start) {
        if (pos + length > text.length()) {
            throw new PromqlException("unterminated escape sequence", line, column(pos - 2));
        }
        try {
            int value = Integer.parseInt(text.substring(pos, pos + length), 16);
            pos += length;
            return new String(Character.toChars(value));
        } catch (IllegalArgumentException e) {
            throw new PromqlException("invalid escape sequence", line, column(pos - 2));
        }
    }

    private void operator(int start, char c) {
        String two = pos + 1 < text.length() ? text.substring(pos, pos + 2) : "";
        Kind kind = switch (two) {
            case "==" -> Kind.EQLC;
            case "!=" -> Kind.NEQ;
            case "=~" -> Kind.EQL_REGEX;
            case "!~" -> Kind.NEQ_REGEX;
            case "<=" -> Kind.LTE;
            case ">=" -> Kind.GTE;
            default -> null;
        };
        if (kind != null) {
            pos += 2;
            add(kind, start);
            return;
        }
        kind = switch (c) {
            case '(' -> Kind.LEFT_PAREN;
            case ')' -> Kind.RIGHT_PAREN;
            case '{' -> Kind.LEFT_BRACE;
            case '}' -> Kind.RIGHT_BRACE;
            case '[' -> Kind.LEFT_BRACKET;
            case ']' -> Kind.RIGHT_BRACKET;
            case ',' -> Kind.COMMA;
            case ':' -> Kind.COLON;
            case '@' -> Kind.AT;
            case '+' -> Kind.ADD;
            case '-' -> Kind.SUB;
            case '*' -> Kind.MUL;
            case '/' -> Kind.DIV;
            case '%' -> Kind.MOD;
            case '^' -> Kind.POW;
            case '=' -> Kind.EQL;
            case '<' -> Kind.LSS;
            case '>' -> Kind.GTR;
            default -> throw new PromqlException("unexpected character \"" + c + "\"", line, column(start));
        };
        pos++;
        if (kind == Kind.LEFT_BRACKET || kind == Kind.RIGHT_BRACKET) {
            inBrackets = kind == Kind.LEFT_BRACKET;
        }
        add(kind, start);
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, text.substring(start, pos), line, column(start)));
    }

    private int column(int offset) {
        return offset - lineStart + 1;
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }
}
