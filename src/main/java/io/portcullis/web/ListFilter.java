package io.portcullis.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code filter} query parameter of management lists, in the SCIM subset PingOne's clients send
 * (RFC 7644 §3.4.2.2): {@code attr eq "value"}, {@code attr sw "prefix"}, joined by {@code and} /
 * {@code or}, grouped by parentheses. Each list names the attributes it supports; anything else is
 * 400 with PingOne's error body. A filter becomes a JPQL condition with bound parameters, so that
 * paging and counts stay in the database.
 */
public final class ListFilter {

    /** Longer than any filter a client builds; refuse to parse more. */
    static final int MAX_LENGTH = 1024;

    /** How a filter attribute maps onto the list's rows. */
    public sealed interface Attribute {}

    /** A text column, compared with {@code eq} or {@code sw}. */
    public record Text(String path) implements Attribute {}

    /** A UUID column: {@code eq} only; a value that is not a UUID matches nothing. */
    public record Id(String path) implements Attribute {}

    /** A value every row has (such as the organization id): the condition is true or false for all. */
    public record Constant(String value) implements Attribute {}

    /** A JPQL condition and its positional parameters. */
    public record Where(String jpql, List<Object> params) {}

    /** The parsed filter: comparisons joined by and / or. */
    private sealed interface Node {}

    private record Both(Node left, Node right) implements Node {}

    private record Either(Node left, Node right) implements Node {}

    private record Comparison(String name, Attribute attribute, String operator, String value) implements Node {}

    private final String source;
    private final Map<String, Attribute> attributes;
    private final List<Object> params = new ArrayList<>();
    private final int firstParam;
    private int pos;

    private ListFilter(String source, Map<String, Attribute> attributes, int firstParam) {
        this.source = source;
        this.attributes = attributes;
        this.firstParam = firstParam;
    }

    /**
     * The condition of {@code filter} over {@code attributes}, with parameters numbered from
     * {@code firstParam}; {@code 1 = 1} when there is no filter.
     */
    public static Where parse(String filter, Map<String, Attribute> attributes, int firstParam) {
        if (filter == null || filter.isBlank()) {
            return new Where("1 = 1", List.of());
        }
        if (filter.length() > MAX_LENGTH) {
            throw invalid("The filter is longer than " + MAX_LENGTH + " characters");
        }
        ListFilter parser = new ListFilter(filter, attributes, firstParam);
        String jpql = parser.jpql(parser.whole());
        return new Where(jpql, List.copyOf(parser.params));
    }

    /**
     * Whether one object whose attributes are all {@link Constant}s matches {@code filter}: for lists
     * of fixed objects (the organization's licences). No filter matches.
     */
    public static boolean matches(String filter, Map<String, Attribute> constants) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        if (filter.length() > MAX_LENGTH) {
            throw invalid("The filter is longer than " + MAX_LENGTH + " characters");
        }
        ListFilter parser = new ListFilter(filter, constants, 1);
        return parser.evaluate(parser.whole());
    }

    private Node whole;

    private Node whole() {
        if (whole == null) {
            whole = or();
            skipSpaces();
            if (pos != source.length()) {
                throw invalid("Unexpected text at position " + pos + " of the filter");
            }
        }
        return whole;
    }

    private String jpql(Node node) {
        return switch (node) {
            case Both both -> "(" + jpql(both.left()) + " and " + jpql(both.right()) + ")";
            case Either either -> "(" + jpql(either.left()) + " or " + jpql(either.right()) + ")";
            case Comparison c -> "eq".equals(c.operator()) ? equal(c.attribute(), c.value()) : startsWith(c.attribute(), c.value(), c.name());
        };
    }

    private boolean evaluate(Node node) {
        return switch (node) {
            case Both both -> evaluate(both.left()) && evaluate(both.right());
            case Either either -> evaluate(either.left()) || evaluate(either.right());
            case Comparison c -> "1 = 1".equals(jpql(c));
        };
    }

    private Node or() {
        Node left = and();
        while (keyword("or")) {
            left = new Either(left, and());
        }
        return left;
    }

    private Node and() {
        Node left = atom();
        while (keyword("and")) {
            left = new Both(left, atom());
        }
        return left;
    }

    private Node atom() {
        skipSpaces();
        if (peek() == '(') {
            pos++;
            Node inner = or();
            skipSpaces();
            if (peek() != ')') {
                throw invalid("A parenthesis of the filter is not closed");
            }
            pos++;
            return inner;
        }
        String name = word();
        Attribute attribute = attributes.get(name);
        if (attribute == null) {
            throw invalid("The filter attribute '" + ApiError.printable(name) + "' is not supported here; supported: "
                    + String.join(", ", attributes.keySet().stream().sorted().toList()));
        }
        String operator = word().toLowerCase(Locale.ROOT);
        if (!operator.equals("eq") && !operator.equals("sw")) {
            throw invalid("The filter operator '" + ApiError.printable(operator) + "' is not supported; use eq or sw");
        }
        if (operator.equals("sw") && attribute instanceof Id) {
            throw invalid("The attribute '" + name + "' supports eq only");
        }
        return new Comparison(name, attribute, operator, string());
    }

    private String equal(Attribute attribute, String value) {
        return switch (attribute) {
            case Text text -> bind(text.path() + " = ", value);
            case Id id -> {
                UUID parsed = uuidOrNull(value);
                yield parsed == null ? "1 = 0" : bind(id.path() + " = ", parsed);
            }
            case Constant constant -> constant.value().equals(value) ? "1 = 1" : "1 = 0";
        };
    }

    private String startsWith(Attribute attribute, String prefix, String name) {
        return switch (attribute) {
            case Text text -> bind(text.path() + " like ", escapeLike(prefix) + "%") + " escape '!'";
            case Constant constant -> constant.value().startsWith(prefix) ? "1 = 1" : "1 = 0";
            case Id id -> throw new IllegalStateException("sw on an id is refused while parsing");
        };
    }

    private String bind(String left, Object value) {
        params.add(value);
        return left + "?" + (firstParam + params.size() - 1);
    }

    /** A {@code like} pattern matching {@code prefix} literally; {@code !} escapes. */
    private static String escapeLike(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private boolean keyword(String keyword) {
        skipSpaces();
        int end = pos + keyword.length();
        if (end <= source.length() && source.regionMatches(true, pos, keyword, 0, keyword.length())
                && (end == source.length() || source.charAt(end) == ' ' || source.charAt(end) == '(')) {
            pos = end;
            return true;
        }
        return false;
    }

    private String word() {
        skipSpaces();
        int start = pos;
        while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '.'
                || source.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw invalid("An attribute or operator was expected at position " + start + " of the filter");
        }
        return source.substring(start, pos);
    }

    /** A double-quoted string; {@code \"} and {@code \\} are escapes (RFC 7159 strings, as SCIM uses). */
    private String string() {
        skipSpaces();
        if (peek() != '"') {
            throw invalid("A quoted value was expected at position " + pos + " of the filter");
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && pos < source.length()) {
                c = source.charAt(pos++);
            }
            out.append(c);
        }
        throw invalid("A quoted value of the filter is not closed");
    }

    private void skipSpaces() {
        while (pos < source.length() && source.charAt(pos) == ' ') {
            pos++;
        }
    }

    private char peek() {
        return pos < source.length() ? source.charAt(pos) : 0;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ApiError invalid(String message) {
        return new ApiError("INVALID_DATA", 400,
                "The request could not be completed. One or more validation errors were in the request.",
                List.of(new ApiError.Detail("INVALID_FILTER", "filter", message)));
    }
}
