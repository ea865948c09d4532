package io.portcullis.web;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset paging of management lists by id: {@code limit} (1..1000, default 100) and an opaque
 * {@code cursor} (the last id of the previous page), so pages stay stable while rows are added.
 */
public record Paging(int limit, String cursor, UUID after, String filter) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** One page of items, the total count, and the cursor of the next page (null on the last). */
    public record Page<T>(List<T> items, long total, String nextCursor) {}

    public static Paging of(String limit, String cursor) {
        return of(limit, cursor, null);
    }

    /** With the list's {@code filter} ({@link ListFilter}), which the next page's link carries too. */
    public static Paging of(String limit, String cursor, String filter) {
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw ApiError.invalidData("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (parsedLimit < 1 || parsedLimit > MAX_LIMIT) {
                throw ApiError.invalidData("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        UUID after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = UUID.fromString(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiError.invalidData("cursor", "cursor is not one this service issued");
            }
        }
        return new Paging(parsedLimit, cursor, after, filter == null || filter.isBlank() ? null : filter);
    }

    /** The lowest id a page may start after (the nil UUID for the first page). */
    public UUID afterOrFirst() {
        return after != null ? after : new UUID(0, 0);
    }

    /**
     * Builds a page from up to {@code limit + 1} rows fetched in id order; the extra row only tells
     * that there is a next page.
     */
    public <E, T> Page<T> page(List<E> rows, long total, Function<E, UUID> id, Function<E, T> toItem) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(id.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(toItem).toList(), total, next);
    }

    /**
     * This page of the children of one parent ({@code parentField = parentId}), in id order, with
     * their total count: the one query every management list runs.
     */
    public <E, T> Page<T> fetch(PanacheRepositoryBase<E, UUID> repository, String parentField, UUID parentId,
            Function<E, UUID> id, Function<E, T> toItem) {
        List<E> rows = repository.find(parentField + " = ?1 and id > ?2", Sort.by("id"), parentId, afterOrFirst())
                .page(0, limit + 1).list();
        return page(rows, repository.count(parentField, parentId), id, toItem);
    }

    /**
     * This page of the rows matching {@code where} (parameters numbered from 1), in id order, with
     * their total count: {@link #fetch(PanacheRepositoryBase, String, UUID, Function, Function)} with a
     * {@code filter} ({@link ListFilter}) added.
     */
    public <E, T> Page<T> fetch(PanacheRepositoryBase<E, UUID> repository, ListFilter.Where where,
            Function<E, UUID> id, Function<E, T> toItem) {
        Object[] params = where.params().toArray(new Object[where.params().size() + 1]);
        params[params.length - 1] = afterOrFirst();
        List<E> rows = repository.find(where.jpql() + " and id > ?" + params.length, Sort.by("id"), params)
                .page(0, limit + 1).list();
        return page(rows, repository.count(where.jpql(), where.params().toArray()), id, toItem);
    }

    String query(String cursorOrNull) {
        return "?limit=" + limit + (cursorOrNull != null ? "&cursor=" + cursorOrNull : "")
                + (filter != null ? "&filter=" + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") : "");
    }

    private static String encode(UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.toString().getBytes(StandardCharsets.UTF_8));
    }
}
