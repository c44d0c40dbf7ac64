package com.acme.ledger;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class LedgerController {
    private static final Set<String> SORT_COLUMNS = Set.of("booked_at", "amount", "reference");

    private final JdbcTemplate jdbc;

    public LedgerController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/ledger/search")
    public List<Map<String, Object>> search(@RequestParam("ref") String reference) {
        String sql = "SELECT id, amount FROM ledger WHERE reference = '" + reference + "'";
        // ruleid: sql-injection
        return jdbc.queryForList(sql);
    }

    @GetMapping("/ledger/by-account")
    public List<Map<String, Object>> byAccount(@RequestParam String account) {
        // ok: sql-injection
        return jdbc.queryForList("SELECT id, amount FROM ledger WHERE account = ?", account);
    }

    @GetMapping("/ledger/sorted")
    public List<Map<String, Object>> sorted(@RequestParam(defaultValue = "booked_at") String sort) {
        if (!SORT_COLUMNS.contains(sort)) {
            throw new IllegalArgumentException("bad sort column");
        }
        // ok: sql-injection
        return jdbc.queryForList("SELECT id, amount FROM ledger ORDER BY " + sort);
    }

    @GetMapping("/ledger/{id}/entries")
    public List<Map<String, Object>> entries(@PathVariable("id") String id, @RequestParam String since) {
        // ruleid: sql-injection
        return jdbc.queryForList("SELECT * FROM entries WHERE ledger_id = " + id + " AND booked_at > '" + since + "'");
    }

    @GetMapping("/ledger/page")
    public List<Map<String, Object>> page(@RequestParam("size") int size) {
        // ok: sql-injection
        return jdbc.queryForList("SELECT id FROM ledger LIMIT " + size);
    }
}
