package com.acme.auth;

import java.io.IOException;
import java.util.Set;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginServlet extends HttpServlet {
    private static final Set<String> LANDING_PAGES = Set.of("/home", "/accounts", "/cards");

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getParameter("next");
        // ruleid: open-redirect
        response.sendRedirect(next);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String page = request.getParameter("page");
        if (LANDING_PAGES.contains(page)) {
            // ok: open-redirect
            response.sendRedirect(page);
            return;
        }
        // ok: open-redirect
        response.sendRedirect("/home");
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getHeader("Referer");
        response.setStatus(302);
        // ruleid: open-redirect
        response.setHeader("Location", target);
    }
}
