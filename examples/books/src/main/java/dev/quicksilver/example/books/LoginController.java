package dev.quicksilver.example.books;

import dev.quicksilver.spring.MercureCookies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Logging in gives the browser the hub's authorization cookie, whose token grants every book's
 * topic: the page's {@code EventSource} then receives private books too. The example trusts the
 * name it is given; a real application would authenticate the reader here.
 */
@RestController
public class LoginController {
    private static final String READER = "reader";

    private final MercureCookies cookies;
    private final String booksTopics;

    public LoginController(MercureCookies cookies, @Value("${mercure.jpa.base-url}") String baseUrl) {
        this.cookies = cookies;
        // a URI template (RFC 6570) matching the topics of @Mercure on Book: base URL + /books/ + id
        this.booksTopics = baseUrl.replaceAll("/+$", "") + "/books/{id}";
    }

    /** The reader who logged in, or null (without making a session for anonymous requests). */
    static @Nullable String reader(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(READER);
    }

    @PostMapping("/login")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void login(@RequestParam("user") String user, HttpServletRequest request, HttpServletResponse response) {
        if (user.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "user is required");
        }
        request.getSession().setAttribute(READER, user.strip());
        response.addHeader(HttpHeaders.SET_COOKIE,
                cookies.authorization(request.getServerName(), List.of(booksTopics)).toString());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookies.clear(request.getServerName()).toString());
    }
}
