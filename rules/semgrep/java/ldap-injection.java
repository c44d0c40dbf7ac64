import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.servlet.http.HttpServletRequest;

import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.RequestParam;

public class LdapCases {
    private DirContext ctx;
    private LdapTemplate ldap;

    void servlet(HttpServletRequest request) throws NamingException {
        String uid = request.getParameter("uid");
        // ruleid: java-ldap-injection
        ctx.search("ou=people", "(uid=" + uid + ")", new SearchControls());
        // ok: java-ldap-injection
        ctx.search("ou=people", "(uid={0})", new Object[] {uid}, new SearchControls());
        // ok: java-ldap-injection
        ctx.search("ou=people", "(uid=" + LdapEncoder.filterEncode(uid) + ")", new SearchControls());
        String filter = "(&(objectClass=person)(mail=" + request.getHeader("X-Mail") + "))";
        // ruleid: java-ldap-injection
        ctx.search("ou=people", filter, new SearchControls());
    }

    boolean spring(@RequestParam String user, @RequestParam String password) {
        // ruleid: java-ldap-injection
        return ldap.authenticate("ou=people", "(uid=" + user + ")", password);
    }

    boolean fixed(@RequestParam String password) {
        // ok: java-ldap-injection
        return ldap.authenticate("ou=people", "(uid=service)", password);
    }
}
