package com.acme.ledger;

import java.util.List;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceContext;

import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Repository
public class ReportRepository {
    @PersistenceContext
    private EntityManager em;

    @GetMapping("/reports/by-owner")
    public List<?> byOwner(@RequestParam String owner) {
        // ruleid: sql-injection
        return em.createQuery("select r from Report r where r.owner = '" + owner + "'").getResultList();
    }

    @GetMapping("/reports/by-status")
    public List<?> byStatus(@RequestParam String status) {
        // ok: sql-injection
        return em.createQuery("select r from Report r where r.status = :status")
                .setParameter("status", status)
                .getResultList();
    }

    @GetMapping("/reports/native")
    public List<?> nativeSearch(@RequestParam String term) {
        String query = "SELECT * FROM report WHERE title LIKE '%" + term + "%'";
        query = "SELECT * FROM report WHERE archived = false";
        // ok: sql-injection
        return em.createNativeQuery(query).getResultList();
    }
}
