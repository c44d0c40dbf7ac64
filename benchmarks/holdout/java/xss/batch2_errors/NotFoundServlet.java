package com.acme.errors;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.commons.text.StringEscapeUtils;

public class NotFoundServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(404);
        response.setContentType("text/html");
        // ruleid: xss
        response.getWriter().print("<p>No page at " + request.getRequestURI() + "</p>");
        // ok: xss
        response.getWriter().print("<p>Try " + StringEscapeUtils.escapeHtml4(request.getParameter("hint")) + "</p>");
        response.setContentType("application/json");
        // ok: xss
        response.getWriter().print("{\"status\": 404}");
    }
}
