package com.acme.profile;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

@Controller
public class ProfileController {
    @GetMapping(value = "/profile/bio", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String bio(@RequestParam String bio) {
        // ruleid: xss
        return "<section class=bio>" + bio + "</section>";
    }

    @GetMapping(value = "/profile/nick", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String nick(@RequestParam String nick) {
        // ok: xss
        return "<span>" + HtmlUtils.htmlEscape(nick) + "</span>";
    }

    @GetMapping("/profile/view")
    public String view(@RequestParam String tab, Model model) {
        model.addAttribute("tab", tab);
        return "profile";
    }
}
