package dev.quicksilver.spring.sample;

import dev.quicksilver.spring.jpa.Mercure;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
@Mercure
public class Book {
    @Id
    @GeneratedValue
    private Long id;
    private String title;

    protected Book() {}

    public Book(String title) {
        this.title = title;
    }

    public Long getId() {
        return id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }
}
