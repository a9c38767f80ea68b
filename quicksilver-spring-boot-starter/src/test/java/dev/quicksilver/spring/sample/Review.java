package dev.quicksilver.spring.sample;

import dev.quicksilver.spring.jpa.Mercure;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** Every option of @Mercure, and a topic made by an expression. */
@Entity
@Mercure(topic = "'https://reviews.example.com/' + book + '/reviews/' + #id", privateUpdate = true, type = "review",
        retry = 1500, hub = "other", async = true)
public class Review {
    @Id
    @GeneratedValue
    private Long id;
    private String book;
    private int stars;

    protected Review() {}

    public Review(String book, int stars) {
        this.book = book;
        this.stars = stars;
    }

    public Long getId() {
        return id;
    }

    public String getBook() {
        return book;
    }

    public int getStars() {
        return stars;
    }
}
