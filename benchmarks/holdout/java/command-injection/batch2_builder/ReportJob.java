package com.acme.reports;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class ReportJob extends HttpServlet {
    private static final String[] RENDER = {"/usr/bin/wkhtmltopdf", "--quiet", "/tmp/report.html", "/tmp/report.pdf"};

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String title = request.getParameter("title");
        StringBuilder cmd = new StringBuilder("/usr/bin/wkhtmltopdf --title ");
        cmd.append(title).append(" /tmp/report.html /tmp/report.pdf");
        // ruleid: command-injection
        Runtime.getRuntime().exec(new String[] {"/bin/sh", "-c", cmd.toString()});
        List<String> argv = Arrays.asList(RENDER);
        // ok: command-injection
        new ProcessBuilder(argv).inheritIO().start();
        String format = request.getParameter("format");
        String flag = "pdf".equals(format) ? "--pdf" : "--html";
        // ok: command-injection
        Runtime.getRuntime().exec(new String[] {"/usr/bin/render", flag});
        // ruleid: command-injection
        new ProcessBuilder("/bin/bash", "-c", "lp -t '" + request.getHeader("X-Job-Name") + "' /tmp/report.pdf").start();
    }
}
