import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;

import org.jsoup.Jsoup;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestTemplate;

public class SsrfCases {
    private static final Map<String, String> ENDPOINTS = Map.of("eu", "https://eu.api.example/");
    private static final Set<String> ALLOWED_HOSTS = Set.of("api.example");
    private final HttpClient client = HttpClient.newHttpClient();
    private final RestTemplate rest = new RestTemplate();

    void servlet(HttpServletRequest request) throws Exception {
        String url = request.getParameter("url");
        // ruleid: java-ssrf
        new URL(url).openStream().close();
        HttpRequest req = HttpRequest.newBuilder().uri(URI.create(request.getHeader("X-Callback"))).build();
        // ruleid: java-ssrf
        client.send(req, HttpResponse.BodyHandlers.discarding());
        // ok: java-ssrf
        new URL("https://api.example/status").openStream().close();
        // ok: java-ssrf
        new URL("https://api.example/orders/" + url).openStream().close();
        String checked = request.getParameter("u");
        if (!ALLOWED_HOSTS.contains(new URL(checked).getHost())) {
            return;
        }
        // ok: java-ssrf
        Jsoup.connect(checked).get();
    }

    String spring(@RequestParam String host, @RequestParam String region, @RequestParam String id) {
        // ruleid: java-ssrf
        rest.getForObject("http://" + host + "/health", String.class);
        // ok: java-ssrf
        rest.getForObject(ENDPOINTS.get(region), String.class);
        // ok: java-ssrf
        rest.getForObject("https://api.example/orders/{id}", String.class, id);
        // ruleid: java-ssrf
        return Jsoup.connect(host).get().title();
    }
}
