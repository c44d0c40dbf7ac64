package com.acme.members;

import static org.springframework.ldap.query.LdapQueryBuilder.query;

import java.util.List;

import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class MemberController {
    private final LdapTemplate ldap;

    public MemberController(LdapTemplate ldap) {
        this.ldap = ldap;
    }

    @GetMapping("/members")
    public List<Object> members(@RequestParam String team) {
        AttributesMapper<Object> mapper = attrs -> attrs.get("cn").get();
        // ruleid: ldap-injection
        return ldap.search("ou=people", "(&(objectClass=person)(team=" + team + "))", mapper);
    }

    @GetMapping("/members/safe")
    public List<Object> membersSafe(@RequestParam String team) {
        AttributesMapper<Object> mapper = attrs -> attrs.get("cn").get();
        // ok: ldap-injection
        return ldap.search(query().base("ou=people").where("team").is(team), mapper);
    }
}
