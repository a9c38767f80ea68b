package dev.quicksilver.example.books;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The REST API of books. Every response carries the hub's {@code Link} header (the starter's
 * discovery filter), which the page reads to subscribe; the changes reach the hub through
 * {@code @Mercure} on {@link Book}, not through this class.
 */
@RestController
@RequestMapping("/books")
public class BookController {
    private final BookRepository books;

    public BookController(BookRepository books) {
        this.books = books;
    }

    /** Every book for a reader who logged in, the public ones for anybody else. */
    @GetMapping
    public List<Book> list(HttpServletRequest request) {
        return LoginController.reader(request) == null ? books.findByPrivateBookFalseOrderById() : books.findAllByOrderById();
    }

    @GetMapping("/{id}")
    public Book get(@PathVariable("id") long id, HttpServletRequest request) {
        Book book = find(id);
        if (book.isPrivate() && LoginController.reader(request) == null) {
            throw notFound(id); // a private book's existence is not told to strangers either
        }
        return book;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public Book create(@RequestBody BookForm form) {
        return books.save(new Book(form.requiredTitle(), form.requiredAuthor(), form.isPrivate()));
    }

    @PutMapping("/{id}")
    @Transactional
    public Book replace(@PathVariable("id") long id, @RequestBody BookForm form) {
        Book book = find(id);
        book.change(form.requiredTitle(), form.requiredAuthor(), form.isPrivate());
        return book;
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    public void delete(@PathVariable("id") long id) {
        books.delete(find(id));
    }

    private Book find(long id) {
        return books.findById(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no book " + id);
    }
}
