package io.weir.alerting.promql;

/** One lexical token of an expression, with where it starts (line and column from 1). */
record Token(Kind kind, String text, int line, int column) {

    enum Kind {
        IDENTIFIER, NUMBER, STRING, DURATION,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, COLON, AT,
        ADD, SUB, MUL, DIV, MOD, POW,
        EQL, EQLC, NEQ, EQL_REGEX, NEQ_REGEX, LSS, LTE, GTR, GTE,
        EOF
    }

    boolean is(Kind expected) {
        return kind == expected;
    }

    boolean isIdentifier(String word) {
        return kind == Kind.IDENTIFIER && text.equals(word);
    }

    PromqlException error(String reason) {
        return new PromqlException(reason, line, column);
    }

    /** How the token reads in an error message. */
    String describe() {
        return kind == Kind.EOF ? "end of expression" : "\"" + text + "\"";
    }
}
