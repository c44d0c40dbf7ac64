import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.servlet.http.HttpServletRequest;

import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

public class PathCases {
    private static final Path ROOT = Paths.get("/srv/files");
    private static final File BASE = new File("/srv/files");

    byte[] spring(@RequestParam String name, @PathVariable String doc) throws IOException {
        // ruleid: java-path-traversal
        Files.readAllBytes(ROOT.resolve(name));
        // ok: java-path-traversal
        Files.readAllBytes(ROOT.resolve(FilenameUtils.getName(name)));
        Path target = ROOT.resolve(doc).normalize();
        if (!target.startsWith(ROOT)) {
            throw new SecurityException(doc);
        }
        // ok: java-path-traversal
        return Files.readAllBytes(target);
    }

    void servlet(HttpServletRequest request) throws IOException {
        String file = request.getParameter("file");
        // ruleid: java-path-traversal
        new FileInputStream("/srv/uploads/" + file).close();
        // ruleid: java-path-traversal
        new File(BASE, request.getHeader("X-File")).delete();
        // ok: java-path-traversal
        new File(BASE, "index.html").delete();
        String id = request.getParameter("id");
        // ok: java-path-traversal
        new File(BASE, Long.parseLong(id) + ".pdf").delete();
        File candidate = new File(BASE, file).getCanonicalFile();
        if (!candidate.getPath().startsWith(BASE.getCanonicalPath())) {
            return;
        }
        // ok: java-path-traversal
        new FileInputStream(candidate).close();
        // ruleid: java-path-traversal
        Files.delete(Paths.get(request.getParameter("tmp")));
    }
}
