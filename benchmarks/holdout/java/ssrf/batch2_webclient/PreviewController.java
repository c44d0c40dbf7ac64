package com.acme.preview;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Mono;

@RestController
public class PreviewController {
    private final WebClient partners = WebClient.create("https://partners.acme.example");

    @GetMapping("/preview")
    public Mono<String> preview(@RequestParam String link) {
        // ruleid: ssrf
        return WebClient.create().get().uri(link).retrieve().bodyToMono(String.class);
    }

    @GetMapping("/partner")
    public Mono<String> partner(@RequestParam String id) {
        // ok: ssrf
        return partners.get().uri(b -> b.path("/profiles/{id}").build(id)).retrieve().bodyToMono(String.class);
    }

    @GetMapping("/image")
    public Mono<String> image(@RequestParam String host) {
        // ruleid: ssrf
        return WebClient.create("https://" + host).get().retrieve().bodyToMono(String.class);
    }
}
