package com.acme.audit;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

public class AuditServlet extends HttpServlet {
    private static final Logger LOG = LogManager.getLogger(AuditServlet.class);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String agent = request.getHeader("User-Agent");
        // ruleid: log-injection
        LOG.info("login attempt from " + agent);
        String user = request.getParameter("user");
        // ruleid: log-injection
        LOG.warn("failed login for user " + user);
        // ok: log-injection
        LOG.info("login page served");
        int attempts = Integer.parseInt(request.getParameter("attempts"));
        // ok: log-injection
        LOG.info("attempt number " + attempts);
    }
}
