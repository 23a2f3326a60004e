package dev.kiln.run.search;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.run.search.RunFilter.Field;
import dev.kiln.run.search.RunFilter.Op;
import dev.kiln.run.search.RunFilter.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a run filter. Grammar (keywords in any case):
 * <pre>
 * filter     = or
 * or         = and { OR and }
 * and        = unary { AND unary }
 * unary      = NOT unary | "(" or ")" | comparison
 * comparison = field ( "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" ) value
 *            | field [NOT] IN "(" value { "," value } ")"
 *            | field BETWEEN value AND value
 *            | field [NOT] LIKE string
 *            | field IS [NOT] NULL
 * field      = status | task | target | priority | epoch | createdAt | startedAt | finishedAt | datasetId | modelId
 *            | id | studyId | trialNumber | metrics.NAME | params.PATH | tags.KEY
 * value      = number | 'string' (a quote inside doubled: 'it''s') | true | false
 * </pre>
 * A mistake is refused with 400 naming the parameter {@code filter}, the position and the token.
 */
public final class FilterParser {
    static final int MAX_LENGTH = 2000;
    static final int MAX_COMPARISONS = 50;
    static final int MAX_DEPTH = 20;

    private static final Map<String, Field.Column> COLUMNS = Map.ofEntries(
            column("status", "status", Field.Kind.STATUS), column("task", "task", Field.Kind.TASK),
            column("target", "target", Field.Kind.TEXT), column("priority", "priority", Field.Kind.NUMBER),
            column("epoch", "epoch", Field.Kind.NUMBER), column("createdAt", "created_at", Field.Kind.TIME),
            column("startedAt", "started_at", Field.Kind.TIME), column("finishedAt", "finished_at", Field.Kind.TIME),
            column("datasetId", "dataset_id", Field.Kind.ID), column("modelId", "model_id", Field.Kind.ID),
            column("id", "id", Field.Kind.ID), column("studyId", "study_id", Field.Kind.ID),
            column("trialNumber", "trial_number", Field.Kind.NUMBER));

    private record Token(Type type, String text, int position) {}

    private enum Type { WORD, NUMBER, STRING, SYMBOL, END }

    private final List<Token> tokens;
    private int next;
    private int comparisons;

    private FilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** The filter in {@code text}; 400 naming {@code filter} when it is not one. */
    public static RunFilter parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw refused("is " + text.length() + " characters long; at most " + MAX_LENGTH);
        }
        var parser = new FilterParser(tokenize(text));
        RunFilter filter = parser.or(0);
        Token rest = parser.peek();
        if (rest.type() != Type.END) {
            throw parser.unexpected(rest, "AND, OR or the end of the filter");
        }
        return filter;
    }

    /** A field by its name (also for sorting); 400 naming {@code parameter} when there is none. */
    static Field field(String name, String parameter, int position) {
        Field.Column column = COLUMNS.get(name);
        if (column != null) {
            return column;
        }
        for (RunFilter.Indexed indexed : RunFilter.Indexed.values()) {
            if (name.startsWith(indexed.prefix + ".") && name.length() > indexed.prefix.length() + 1) {
                return new Field.Value(indexed, name.substring(indexed.prefix.length() + 1));
            }
        }
        throw new InvalidParameter(parameter, (position >= 0 ? "at position " + position + ": " : "") + "'" + name
                + "' is not a field; use " + String.join(", ", new java.util.TreeSet<>(COLUMNS.keySet()))
                + ", metrics.NAME, params.PATH or tags.KEY");
    }

    private RunFilter or(int depth) {
        List<RunFilter> parts = new ArrayList<>(List.of(and(depth)));
        while (keyword("OR")) {
            parts.add(and(depth));
        }
        return parts.size() == 1 ? parts.get(0) : new RunFilter.Or(parts);
    }

    private RunFilter and(int depth) {
        List<RunFilter> parts = new ArrayList<>(List.of(unary(depth)));
        while (keyword("AND")) {
            parts.add(unary(depth));
        }
        return parts.size() == 1 ? parts.get(0) : new RunFilter.And(parts);
    }

    private RunFilter unary(int depth) {
        if (depth > MAX_DEPTH) {
            throw unexpected(peek(), "at most " + MAX_DEPTH + " levels of NOT and parentheses");
        }
        if (keyword("NOT")) {
            return new RunFilter.Not(unary(depth + 1));
        }
        if (symbol("(")) {
            RunFilter inner = or(depth + 1);
            expectSymbol(")");
            return inner;
        }
        return comparison();
    }

    private RunFilter comparison() {
        Token name = take();
        if (name.type() != Type.WORD || isKeyword(name.text())) {
            throw unexpected(name, "a field (status, metrics.NAME, params.PATH, tags.KEY, …)");
        }
        if (++comparisons > MAX_COMPARISONS) {
            throw unexpected(name, "at most " + MAX_COMPARISONS + " comparisons");
        }
        Field field = field(name.text(), "filter", name.position());
        if (keyword("IS")) {
            boolean not = keyword("NOT");
            expectKeyword("NULL");
            return new RunFilter.Comparison(field, not ? Op.IS_NOT_NULL : Op.IS_NULL, List.of());
        }
        boolean not = keyword("NOT");
        if (keyword("IN")) {
            expectSymbol("(");
            List<Value> values = new ArrayList<>(List.of(value()));
            while (symbol(",")) {
                values.add(value());
            }
            expectSymbol(")");
            return new RunFilter.Comparison(field, not ? Op.NOT_IN : Op.IN, values);
        }
        if (keyword("LIKE")) {
            Token pattern = take();
            if (pattern.type() != Type.STRING) {
                throw unexpected(pattern, "a quoted pattern ('%' matches any text, '_' one character)");
            }
            return new RunFilter.Comparison(field, not ? Op.NOT_LIKE : Op.LIKE, List.of(new Value.Text(pattern
                    .text())));
        }
        if (not) {
            throw unexpected(peek(), "IN or LIKE after NOT");
        }
        if (keyword("BETWEEN")) {
            Value low = value();
            expectKeyword("AND");
            return new RunFilter.Comparison(field, Op.BETWEEN, List.of(low, value()));
        }
        Token op = take();
        Op operator = op.type() != Type.SYMBOL ? null : switch (op.text()) {
            case "=" -> Op.EQ;
            case "!=", "<>" -> Op.NE;
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            default -> null;
        };
        if (operator == null) {
            throw unexpected(op, "a comparison (=, !=, <, <=, >, >=, IN, BETWEEN, LIKE, IS NULL)");
        }
        return new RunFilter.Comparison(field, operator, List.of(value()));
    }

    private Value value() {
        Token token = take();
        return switch (token.type()) {
            case NUMBER -> new Value.Number(Double.parseDouble(token.text()));
            case STRING -> new Value.Text(token.text());
            case WORD -> {
                String word = token.text().toLowerCase(Locale.ROOT);
                if (word.equals("true") || word.equals("false")) {
                    yield new Value.Text(word);
                }
                throw unexpected(token, "a number or a quoted string");
            }
            default -> throw unexpected(token, "a number or a quoted string");
        };
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.type() != Type.END) {
            next++;
        }
        return token;
    }

    private boolean keyword(String word) {
        Token token = peek();
        if (token.type() == Type.WORD && token.text().equalsIgnoreCase(word)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean symbol(String text) {
        Token token = peek();
        if (token.type() == Type.SYMBOL && token.text().equals(text)) {
            next++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String word) {
        if (!keyword(word)) {
            throw unexpected(peek(), word);
        }
    }

    private void expectSymbol(String text) {
        if (!symbol(text)) {
            throw unexpected(peek(), "'" + text + "'");
        }
    }

    private static boolean isKeyword(String word) {
        return List.of("AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS", "NULL").contains(word.toUpperCase(Locale.ROOT));
    }

    private InvalidParameter unexpected(Token token, String expected) {
        String found = token.type() == Type.END ? "the end of the filter" : "'" + abbreviate(token.text()) + "'";
        return refused("at position " + token.position() + ": expected " + expected + ", found " + found);
    }

    private static InvalidParameter refused(String why) {
        return new InvalidParameter("filter", why);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                var value = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= text.length()) {
                        throw refused("at position " + start + ": the string is not closed (a quote inside a "
                                + "string is written twice: 'it''s')");
                    }
                    if (text.charAt(i) == '\'') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                            value.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    value.append(text.charAt(i++));
                }
                tokens.add(new Token(Type.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < text.length()
                    && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.')) {
                int start = i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || ".eE".indexOf(text.charAt(i)) >= 0
                        || (text.charAt(i) == '-' || text.charAt(i) == '+') && "eE".indexOf(text.charAt(i - 1)) >= 0)) {
                    i++;
                }
                String number = text.substring(start, i);
                try {
                    Double.parseDouble(number);
                } catch (NumberFormatException e) {
                    throw refused("at position " + start + ": '" + abbreviate(number) + "' is not a number");
                }
                tokens.add(new Token(Type.NUMBER, number, start));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || "_.@-".indexOf(text.charAt(i))
                        >= 0)) {
                    i++;
                }
                tokens.add(new Token(Type.WORD, text.substring(start, i), start));
            } else if ("<>!=".indexOf(c) >= 0) {
                int start = i++;
                if (i < text.length() && (text.charAt(i) == '=' || c == '<' && text.charAt(i) == '>')) {
                    i++;
                }
                String symbol = text.substring(start, i);
                if (symbol.equals("!")) {
                    throw refused("at position " + start + ": expected != , found '!'");
                }
                tokens.add(new Token(Type.SYMBOL, symbol, start));
            } else if ("(),".indexOf(c) >= 0) {
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i++));
            } else {
                throw refused("at position " + i + ": unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Type.END, "", text.length()));
        return tokens;
    }

    private static Map.Entry<String, Field.Column> column(String name, String column, Field.Kind kind) {
        return Map.entry(name, new Field.Column(name, column, kind));
    }
}
