package dev.quicksilver.example.books;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The JSON a client sends to create or replace a book: {@code {"title": ..., "author": ..., "private": true}};
 * without {@code "private"} the book is public.
 */
public record BookForm(@Nullable String title, @Nullable String author, @JsonProperty("private") @Nullable Boolean privateBook) {

    boolean isPrivate() {
        return Boolean.TRUE.equals(privateBook);
    }

    /** The title, or 400 when it is missing. */
    String requiredTitle() {
        return required("title", title);
    }

    /** The author, or 400 when it is missing. */
    String requiredAuthor() {
        return required("author", author);
    }

    private static String required(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " is required");
        }
        return value.strip();
    }
}
