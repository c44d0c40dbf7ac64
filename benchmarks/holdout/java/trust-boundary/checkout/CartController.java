package com.acme.checkout;

import javax.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class CartController {
    @PostMapping("/cart/gift")
    public String gift(@RequestParam String message, HttpSession session) {
        // ruleid: trust-boundary
        session.setAttribute("giftMessage", message);
        return "ok";
    }

    @PostMapping("/cart/wrap")
    public String wrap(@RequestParam boolean wrap, HttpSession session) {
        // ok: trust-boundary
        session.setAttribute("giftWrap", wrap);
        return "ok";
    }
}
