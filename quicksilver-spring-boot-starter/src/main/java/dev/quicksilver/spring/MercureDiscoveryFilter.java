package dev.quicksilver.spring;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code Link: <hub URL>; rel="mercure"} to every response (Mercure draft "Discovery"), so
 * that a client fetching a resource learns where to subscribe to its updates. The header is set
 * before the response is written, whatever the handler does.
 */
public final class MercureDiscoveryFilter extends OncePerRequestFilter {
    private final List<String> links;

    /** @param hubUrls the public URLs of the hubs to advertise, in order */
    public MercureDiscoveryFilter(List<String> hubUrls) {
        this.links = hubUrls.stream().map(url -> "<" + url + ">; rel=\"mercure\"").toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String link : links) {
            response.addHeader("Link", link);
        }
        chain.doFilter(request, response);
    }
}
