import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;

public class CookieCases {
    void cases(HttpServletResponse response, String sid) {
        // ruleid: java-cookie-missing-secure, java-cookie-missing-httponly
        Cookie bare = new Cookie("sid", sid);
        response.addCookie(bare);

        // ruleid: java-cookie-missing-secure
        Cookie noSecure = new Cookie("sid", sid);
        noSecure.setHttpOnly(true);
        response.addCookie(noSecure);

        // ruleid: java-cookie-missing-httponly
        Cookie noHttpOnly = new Cookie("sid", sid);
        noHttpOnly.setSecure(true);
        response.addCookie(noHttpOnly);

        // ruleid: java-cookie-missing-secure
        Cookie off = new Cookie("sid", sid);
        off.setSecure(false);
        off.setHttpOnly(true);
        response.addCookie(off);

        // ok: java-cookie-missing-secure, java-cookie-missing-httponly
        Cookie good = new Cookie("sid", sid);
        good.setSecure(true);
        good.setHttpOnly(true);
        response.addCookie(good);

        // ok: java-cookie-missing-secure, java-cookie-missing-httponly
        Cookie reversed = new Cookie("sid", sid);
        reversed.setHttpOnly(true);
        reversed.setMaxAge(3600);
        reversed.setSecure(true);
        response.addCookie(reversed);

        Cookie assigned;
        // ok: java-cookie-missing-secure, java-cookie-missing-httponly
        assigned = new Cookie("pref", "dark");
        assigned.setSecure(true);
        assigned.setHttpOnly(true);
        response.addCookie(assigned);

        // ruleid: java-cookie-missing-httponly
        assigned = new Cookie("pref", "light");
        assigned.setSecure(true);
        response.addCookie(assigned);
    }
}
