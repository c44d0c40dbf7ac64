package com.acme.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DiagnosticsController {
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9.-]{1,253}");

    @PostMapping("/diag/ping")
    public String ping(@RequestParam String host) throws IOException {
        // ruleid: command-injection
        Process p = Runtime.getRuntime().exec("ping -c 1 " + host);
        return String.valueOf(p.pid());
    }

    @PostMapping("/diag/trace")
    public String trace(@RequestParam String host) throws IOException {
        // ruleid: command-injection
        Process p = new ProcessBuilder("sh", "-c", "traceroute " + host).start();
        return String.valueOf(p.pid());
    }

    @PostMapping("/diag/dig")
    public String dig(@RequestParam String host) throws IOException {
        if (!HOSTNAME.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid host");
        }
        // ok: command-injection
        Process p = Runtime.getRuntime().exec(new String[] {"dig", "+short", host});
        return String.valueOf(p.pid());
    }

    @PostMapping("/diag/uptime")
    public String uptime(@RequestParam String format) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("uptime");
        if ("pretty".equals(format)) {
            command.add("-p");
        }
        // ok: command-injection
        Process p = new ProcessBuilder(command).start();
        return String.valueOf(p.pid());
    }

    @PostMapping("/diag/disk")
    public String disk(@RequestParam String mount) throws IOException {
        String cmd = "df -h " + mount;
        cmd = "df -h /";
        // ok: command-injection
        Process p = Runtime.getRuntime().exec(cmd);
        return String.valueOf(p.pid());
    }
}
