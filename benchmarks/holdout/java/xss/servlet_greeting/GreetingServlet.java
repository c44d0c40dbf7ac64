package com.acme.web;

import java.io.IOException;
import java.io.PrintWriter;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.owasp.encoder.Encode;

public class GreetingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        String lang = request.getHeader("Accept-Language");
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        // ruleid: xss
        out.println("<h1>Hello " + name + "</h1>");
        // ok: xss
        out.println("<p>Welcome back, " + Encode.forHtml(name) + "</p>");
        // ruleid: xss
        response.getWriter().printf("<p>Language: %s</p>", lang);
        int visits = Integer.parseInt(request.getParameter("visits"));
        // ok: xss
        out.write("<p>Visits: " + visits + "</p>");
        String motd = "Maintenance on Sunday";
        // ok: xss
        out.print("<div class=motd>" + motd + "</div>");
    }
}
