package dev.quicksilver.example.books;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.quicksilver.spring.jpa.Mercure;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A book. Each change is published on commit to the topic {@code <base of the request>/books/<id>};
 * a private book's changes as private updates, which reach only subscribers whose cookie grants the topic.
 */
@Entity
@Mercure(privateWhen = "private")
public class Book {
    @Id
    @GeneratedValue
    private Long id;
    @Column(nullable = false)
    private String title;
    @Column(nullable = false)
    private String author;
    // "private" is a keyword in Java and in SQL, hence the field's name; its JSON name is "private"
    @Column(name = "private_book")
    private boolean privateBook;

    protected Book() {}

    public Book(String title, String author, boolean privateBook) {
        this.title = title;
        this.author = author;
        this.privateBook = privateBook;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public String getAuthor() {
        return author;
    }

    @JsonProperty("private")
    public boolean isPrivate() {
        return privateBook;
    }

    void change(String newTitle, String newAuthor, boolean newPrivate) {
        this.title = newTitle;
        this.author = newAuthor;
        this.privateBook = newPrivate;
    }
}
