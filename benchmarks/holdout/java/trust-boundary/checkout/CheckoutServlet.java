package com.acme.checkout;

import java.io.IOException;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

public class CheckoutServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        String coupon = request.getParameter("coupon");
        // ruleid: trust-boundary
        session.setAttribute("coupon", coupon);
        // ruleid: trust-boundary
        request.getSession().putValue("currency", request.getParameter("currency"));
        int quantity = Integer.parseInt(request.getParameter("qty"));
        // ok: trust-boundary
        session.setAttribute("quantity", quantity);
        // ok: trust-boundary
        session.setAttribute("step", "payment");
        response.sendRedirect("/checkout/pay");
    }
}
