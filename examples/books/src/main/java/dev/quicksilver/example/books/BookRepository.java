package dev.quicksilver.example.books;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface BookRepository extends JpaRepository<Book, Long> {
    List<Book> findByPrivateBookFalseOrderById();

    List<Book> findAllByOrderById();
}
