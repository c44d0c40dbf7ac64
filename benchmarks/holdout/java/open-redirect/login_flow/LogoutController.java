package com.acme.auth;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

@Controller
public class LogoutController {
    @GetMapping("/logout")
    public String logout(@RequestParam(name = "returnTo", defaultValue = "/") String returnTo) {
        // ruleid: open-redirect
        return "redirect:" + returnTo;
    }

    @GetMapping("/signout")
    public RedirectView signout(@RequestParam(name = "returnTo", defaultValue = "/") String returnTo) {
        // ruleid: open-redirect
        return new RedirectView(returnTo);
    }

    @GetMapping("/bye")
    public String bye(@RequestParam(name = "section", defaultValue = "main") String section) {
        // ok: open-redirect
        return "redirect:/goodbye?section=main";
    }

    @GetMapping("/account/{id}")
    public String account(@RequestParam("id") long id) {
        // ok: open-redirect
        return "redirect:/accounts/" + id;
    }
}
