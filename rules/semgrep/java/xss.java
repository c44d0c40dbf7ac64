import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.owasp.encoder.Encode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

public class XssCases {
    void servlet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        PrintWriter out = response.getWriter();
        // ruleid: java-xss-response-writer
        out.println("<p>" + name + "</p>");
        // ok: java-xss-response-writer
        out.println("<p>" + Encode.forHtml(name) + "</p>");
        // ruleid: java-xss-response-writer
        response.getWriter().printf("<p>%s</p>", request.getHeader("Referer"));
        // ok: java-xss-response-writer
        out.println("<p>" + name.length() + " characters</p>");
        Cookie[] cookies = request.getCookies();
        // ruleid: java-xss-response-writer
        out.write(cookies[0].getValue());
        // ok: java-xss-response-writer
        out.write("<p>static</p>");
    }

    @Controller
    static class Pages {
        @GetMapping("/hello")
        @ResponseBody
        String hello(@RequestParam String name) {
            // ruleid: java-xss-response-body
            return "<h1>Hello " + name + "</h1>";
        }

        @GetMapping("/hi")
        @ResponseBody
        String hi(@RequestParam String name) {
            // ok: java-xss-response-body
            return "<h1>Hi " + HtmlUtils.htmlEscape(name) + "</h1>";
        }

        @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
        @ResponseBody
        String page(@RequestParam String body) {
            // ruleid: java-xss-response-body
            return body;
        }

        @GetMapping(value = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
        @ResponseBody
        String json(@RequestParam String q) {
            // ok: java-xss-response-body
            return "{\"q\": \"<" + q + ">\"}";
        }

        @GetMapping("/view")
        String view(@RequestParam String tab) {
            // ok: java-xss-response-body
            return "<div>" + tab + "</div>";
        }
    }

    @RestController
    static class Api {
        @GetMapping("/card")
        String card(@RequestParam String title) {
            // ruleid: java-xss-response-body
            return "<div class=card>" + title + "</div>";
        }
    }
}
