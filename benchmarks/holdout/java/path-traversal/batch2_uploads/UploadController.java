package com.acme.uploads;

import java.io.File;
import java.io.IOException;
import java.util.UUID;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
public class UploadController {
    private static final File INBOX = new File("/srv/inbox");

    @PostMapping("/upload")
    public String upload(@RequestParam("file") MultipartFile file) throws IOException {
        // ruleid: path-traversal
        file.transferTo(new File(INBOX, file.getOriginalFilename()));
        return "ok";
    }

    @PostMapping("/upload/safe")
    public String uploadSafe(@RequestParam("file") MultipartFile file) throws IOException {
        String stored = UUID.randomUUID() + ".bin";
        // ok: path-traversal
        file.transferTo(new File(INBOX, stored));
        return stored;
    }

    @PostMapping("/upload/named")
    public String uploadNamed(@RequestParam("file") MultipartFile file, @RequestParam String folder) throws IOException {
        if (folder.contains("..") || folder.contains("/")) {
            throw new IllegalArgumentException("bad folder");
        }
        // ok: path-traversal
        file.transferTo(new File(new File(INBOX, folder), "upload.bin"));
        return "ok";
    }
}
