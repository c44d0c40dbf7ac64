package com.acme.hooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

@RestController
public class WebhookController {
    private static final Map<String, String> PARTNERS = Map.of(
            "acquirer", "https://hooks.acquirer.example/notify",
            "ledger", "https://ledger.internal.example/events");

    private final HttpClient client = HttpClient.newHttpClient();
    private final RestTemplate rest = new RestTemplate();

    @PostMapping("/hooks/test")
    public int test(@RequestParam String callback) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(callback)).GET().build();
        // ruleid: ssrf
        return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @PostMapping("/hooks/fetch")
    public String fetch(@RequestParam String url) throws IOException {
        // ruleid: ssrf
        try (InputStream in = new URL(url).openStream()) {
            return new String(in.readAllBytes());
        }
    }

    @PostMapping("/hooks/partner")
    public String partner(@RequestParam String name) {
        String target = PARTNERS.get("acquirer");
        if ("ledger".equals(name)) {
            target = PARTNERS.get("ledger");
        }
        // ok: ssrf
        return rest.getForObject(target, String.class);
    }

    @PostMapping("/hooks/status")
    public String status(@RequestParam String orderId) {
        // ok: ssrf
        return rest.getForObject("https://status.acquirer.example/orders/{id}", String.class, orderId);
    }

    @PostMapping("/hooks/avatar")
    public String avatar(@RequestParam String host) {
        // ruleid: ssrf
        return rest.getForObject("http://" + host + "/avatar.png", String.class);
    }
}
