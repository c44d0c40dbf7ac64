import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.QueryParam;

import org.springframework.web.bind.annotation.RequestParam;

public class CommandCases {
    private static final Pattern HOST = Pattern.compile("[a-z0-9.-]+");

    void servlet(HttpServletRequest request) throws IOException {
        String host = request.getParameter("host");
        // ruleid: java-command-injection
        Runtime.getRuntime().exec("ping -c 1 " + host);
        String[] argv = {"sh", "-c", "nslookup " + host};
        // ruleid: java-command-injection
        Runtime.getRuntime().exec(argv);
        // ok: java-command-injection
        Runtime.getRuntime().exec("uptime");
        int count = Integer.parseInt(request.getParameter("count"));
        // ok: java-command-injection
        Runtime.getRuntime().exec("ping -c " + count + " localhost");
    }

    String spring(@RequestParam String dir, @RequestParam String mode) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ls");
        cmd.add(dir);
        // ruleid: java-command-injection
        new ProcessBuilder(cmd).start();
        List<String> fixed = new ArrayList<>();
        fixed.add("df");
        fixed.add("-h");
        // ok: java-command-injection
        new ProcessBuilder(fixed).start();
        if (!HOST.matcher(mode).matches()) {
            return "bad";
        }
        // ok: java-command-injection
        new ProcessBuilder("dig", mode).start();
        return "ok";
    }

    void jaxrs(@QueryParam("name") String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: java-command-injection
        pb.command("bash", "-c", "tar czf /tmp/" + name + ".tgz /srv");
        Runtime rt = Runtime.getRuntime();
        // ruleid: java-command-injection
        rt.exec(new String[] {"/bin/sh", "-c", name});
    }
}
