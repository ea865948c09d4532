package io.portcullis.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SCIM filter subset as pure rules: what becomes which JPQL, and what is refused. */
class ListFilterTest {

    static final Map<String, ListFilter.Attribute> ATTRIBUTES = Map.of(
            "name", new ListFilter.Text("name"),
            "id", new ListFilter.Id("id"),
            "license.id", new ListFilter.Constant("L"));

    @Test
    void comparisonsBecomeBoundParameters() {
        ListFilter.Where where = ListFilter.parse("name eq \"a \\\"b\\\"\"", ATTRIBUTES, 3);
        assertThat(where.jpql()).isEqualTo("name = ?3");
        assertThat(where.params()).containsExactly("a \"b\"");

        where = ListFilter.parse("(name sw \"x_%\") AND (license.id eq \"L\") or id eq \"not-a-uuid\"", ATTRIBUTES, 1);
        assertThat(where.jpql()).isEqualTo("((name like ?1 escape '!' and 1 = 1) or 1 = 0)");
        assertThat(where.params()).containsExactly("x!_!%%");

        UUID id = UUID.randomUUID();
        assertThat(ListFilter.parse("id eq \"" + id + "\"", ATTRIBUTES, 1).params()).containsExactly(id);
        assertThat(ListFilter.parse(null, ATTRIBUTES, 1).jpql()).isEqualTo("1 = 1");
    }

    @Test
    void unsupportedFiltersAreRefused() {
        for (String bad : List.of("nickname eq \"x\"", "name gt \"x\"", "name eq", "name eq \"x", "(name eq \"x\"",
                "name eq \"x\" name eq \"y\"", "id sw \"1\"", "\"x\"", "x".repeat(ListFilter.MAX_LENGTH + 1))) {
            assertThatThrownBy(() -> ListFilter.parse(bad, ATTRIBUTES, 1))
                    .isInstanceOfSatisfying(ApiError.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.details().get(0).code()).isEqualTo("INVALID_FILTER");
                    });
        }
    }

    @Test
    void constantsEvaluateInMemory() {
        Map<String, ListFilter.Attribute> licence = Map.of("status", new ListFilter.Constant("ACTIVE"), "name", new ListFilter.Constant("P"));
        assertThat(ListFilter.matches("status eq \"ACTIVE\"", licence)).isTrue();
        assertThat(ListFilter.matches("status eq \"EXPIRED\" or name sw \"P\"", licence)).isTrue();
        assertThat(ListFilter.matches("status eq \"EXPIRED\" or (name eq \"P\" and status eq \"X\")", licence)).isFalse();
        assertThat(ListFilter.matches("", licence)).isTrue();
    }
}
