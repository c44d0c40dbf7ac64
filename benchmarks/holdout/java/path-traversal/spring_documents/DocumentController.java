package com.acme.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DocumentController {
    private static final Path ROOT = Paths.get("/srv/documents");

    @GetMapping("/docs/raw")
    public byte[] raw(@RequestParam String file) throws IOException {
        // ruleid: path-traversal
        return Files.readAllBytes(ROOT.resolve(file));
    }

    @GetMapping("/docs/checked")
    public byte[] checked(@RequestParam String file) throws IOException {
        Path target = ROOT.resolve(file).normalize();
        if (!target.startsWith(ROOT)) {
            throw new SecurityException("outside the document root");
        }
        // ok: path-traversal
        return Files.readAllBytes(target);
    }

    @GetMapping("/docs/by-name/{name}")
    public byte[] byName(@PathVariable String name) throws IOException {
        String safe = FilenameUtils.getName(name);
        // ok: path-traversal
        return Files.readAllBytes(Paths.get("/srv/documents", safe));
    }

    @GetMapping("/docs/template")
    public String template(@RequestParam String lang) throws IOException {
        // ruleid: path-traversal
        return new String(Files.readAllBytes(Paths.get("/srv/templates/" + lang + "/welcome.txt")));
    }

    @GetMapping("/docs/default")
    public String defaultDoc(@RequestParam(required = false) String ignored) throws IOException {
        // ok: path-traversal
        return Files.readString(ROOT.resolve("index.txt"));
    }
}
