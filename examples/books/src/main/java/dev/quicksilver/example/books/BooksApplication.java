package dev.quicksilver.example.books;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Books in a JPA store, a REST API on {@code /books}, and a page ({@code index.html}) that shows them
 * live: every change of a {@link Book} is published to the embedded Mercure hub after its commit.
 */
@SpringBootApplication
public class BooksApplication {
    public static void main(String[] args) {
        SpringApplication.run(BooksApplication.class, args);
    }
}
