package com.acme.prefs;

import java.io.IOException;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class PreferencesServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: insecure-cookie
        Cookie auth = new Cookie("auth_token", request.getSession().getId());
        auth.setPath("/");
        response.addCookie(auth);

        Cookie session = new Cookie("sid", request.getSession().getId());
        session.setSecure(true);
        session.setHttpOnly(true);
        // ok: insecure-cookie
        response.addCookie(session);

        // ruleid: insecure-cookie
        Cookie remember = new Cookie("remember_me", "1");
        remember.setSecure(false);
        remember.setHttpOnly(true);
        response.addCookie(remember);

        // ok: insecure-cookie
        Cookie clear = new Cookie("legacy", "");
        clear.setMaxAge(0);
        clear.setSecure(true);
        clear.setHttpOnly(true);
        response.addCookie(clear);
    }
}
