package dev.quicksilver.spring.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** Not annotated: never published. */
@Entity
public class Author {
    @Id
    @GeneratedValue
    private Long id;
    private String name;

    protected Author() {}

    public Author(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
