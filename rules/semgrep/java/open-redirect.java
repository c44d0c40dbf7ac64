import java.io.IOException;
import java.net.URI;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

public class RedirectCases {
    private static final Set<String> PAGES = Set.of("/home", "/cards");

    void servlet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        // ruleid: java-open-redirect
        response.sendRedirect(next);
        // ruleid: java-open-redirect
        response.setHeader("Location", request.getHeader("Referer"));
        // ok: java-open-redirect
        response.sendRedirect("/home");
        // ok: java-open-redirect
        response.sendRedirect("/search?q=" + next);
        if (PAGES.contains(next)) {
            // ok: java-open-redirect
            response.sendRedirect(next);
        }
    }

    @GetMapping("/logout")
    String logout(@RequestParam String returnTo) {
        // ruleid: java-open-redirect
        return "redirect:" + returnTo;
    }

    @GetMapping("/account")
    String account(@RequestParam String id) {
        // ok: java-open-redirect
        return "redirect:/accounts/" + id;
    }

    @GetMapping("/out")
    RedirectView out(@RequestParam String target) {
        // ruleid: java-open-redirect
        return new RedirectView(target);
    }

    Response jaxrsLocal(@QueryParam("id") String id) {
        // ok: java-open-redirect
        return Response.seeOther(UriBuilder.fromPath("/accounts/{id}").build(id)).build();
    }

    Response jaxrs(@QueryParam("to") String to) {
        // ruleid: java-open-redirect
        return Response.seeOther(URI.create(to)).build();
    }
}
