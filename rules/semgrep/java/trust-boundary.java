import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.RequestParam;

public class TrustBoundaryCases {
    void servlet(HttpServletRequest request) {
        HttpSession session = request.getSession();
        String role = request.getParameter("role");
        // ruleid: java-trust-boundary-session
        session.setAttribute("role", role);
        // ruleid: java-trust-boundary-session
        request.getSession().setAttribute(request.getParameter("key"), "1");
        // ruleid: java-trust-boundary-session
        request.getSession(true).putValue("theme", request.getHeader("X-Theme"));
        // ok: java-trust-boundary-session
        session.setAttribute("step", "payment");
        int qty = Integer.parseInt(request.getParameter("qty"));
        // ok: java-trust-boundary-session
        session.setAttribute("qty", qty);
    }

    void spring(@RequestParam String lang, @RequestParam boolean dark, HttpSession session) {
        // ruleid: java-trust-boundary-session
        session.setAttribute("lang", lang);
        // ok: java-trust-boundary-session
        session.setAttribute("dark", dark);
        if (!lang.matches("[a-z]{2}")) {
            return;
        }
        // ok: java-trust-boundary-session
        session.setAttribute("lang", lang);
    }
}
