package com.acme.directory;

import java.util.regex.Pattern;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class DirectoryController {
    private static final Pattern UID = Pattern.compile("^[a-z][a-z0-9_]{2,31}$");

    private final DirContext ctx;

    public DirectoryController(DirContext ctx) {
        this.ctx = ctx;
    }

    @GetMapping("/directory/user")
    public boolean user(@RequestParam String uid) throws NamingException {
        String filter = "(&(objectClass=person)(uid=" + uid + "))";
        // ruleid: ldap-injection
        NamingEnumeration<SearchResult> found = ctx.search("ou=people,dc=acme,dc=example", filter, new SearchControls());
        return found.hasMore();
    }

    @GetMapping("/directory/member")
    public boolean member(@RequestParam String uid) throws NamingException {
        // ok: ldap-injection
        NamingEnumeration<SearchResult> found = ctx.search("ou=people,dc=acme,dc=example", "(uid={0})", new Object[] {uid}, new SearchControls());
        return found.hasMore();
    }

    @GetMapping("/directory/group")
    public boolean group(@RequestParam String cn) throws NamingException {
        if (!UID.matcher(cn).matches()) {
            return false;
        }
        // ok: ldap-injection
        NamingEnumeration<SearchResult> found = ctx.search("ou=groups,dc=acme,dc=example", "(cn=" + cn + ")", new SearchControls());
        return found.hasMore();
    }

    @GetMapping("/directory/mail")
    public boolean mail(@RequestParam String mail) throws NamingException {
        // ruleid: ldap-injection
        NamingEnumeration<SearchResult> found = ctx.search("ou=people,dc=acme,dc=example", "(mail=" + mail + ")", new SearchControls());
        return found.hasMore();
    }
}
