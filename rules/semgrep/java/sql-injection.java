import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.POST;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

public class SqlCases {
    private static final Set<String> SORTABLE = Set.of("name", "created");
    private static final Map<String, String> TABLES = Map.of("eu", "orders_eu", "us", "orders_us");
    private JdbcTemplate jdbc;
    private EntityManager em;

    void servlet(HttpServletRequest request, Connection conn) throws SQLException {
        String id = request.getParameter("id");
        Statement st = conn.createStatement();
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE id = '" + id + "'");
        StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE name = '");
        sql.append(request.getHeader("X-Name")).append("'");
        // ruleid: java-sql-injection
        st.execute(sql.toString());
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM t WHERE id = ?");
        ps.setString(1, id);
        // ok: java-sql-injection
        ps.executeQuery();
        long n = Long.parseLong(request.getParameter("n"));
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t LIMIT " + n);
        Map<String, String> parts = new HashMap<>();
        parts.put("where", id);
        parts.put("order", "name");
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t ORDER BY " + parts.get("order"));
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE " + parts.get("where"));
        if (false) {
            // ok: java-sql-injection
            st.executeQuery("SELECT * FROM t WHERE id = " + id);
        }
    }

    @GetMapping("/a")
    List<?> spring(@RequestParam("q") String q, @PathVariable String region, @RequestParam int limit) {
        // ruleid: java-sql-injection
        jdbc.queryForList("SELECT * FROM t WHERE q = '" + q + "'");
        // ok: java-sql-injection
        jdbc.queryForList("SELECT * FROM t WHERE q = ?", q);
        // ok: java-sql-injection
        jdbc.queryForList("SELECT * FROM t LIMIT " + limit);
        // ok: java-sql-injection
        jdbc.queryForList("SELECT * FROM " + TABLES.get(region));
        // ruleid: java-sql-injection
        jdbc.update("DELETE FROM " + region);
        return null;
    }

    @GetMapping("/plain")
    List<?> unannotated(String merchant, int page) {
        // ruleid: java-sql-injection
        jdbc.queryForList("SELECT * FROM t WHERE merchant = '" + merchant + "'");
        // ok: java-sql-injection
        return jdbc.queryForList("SELECT * FROM t OFFSET " + page);
    }

    List<?> notAHandler(String merchant) {
        // ok: java-sql-injection
        return jdbc.queryForList("SELECT * FROM t WHERE merchant = '" + merchant + "'");
    }

    @POST
    void jaxrsBody(String body) {
        // ruleid: java-sql-injection
        jdbc.update("INSERT INTO audit VALUES ('" + body + "')");
    }

    @GetMapping("/b")
    List<?> jpa(@RequestParam String owner, @RequestParam String sort) {
        // ruleid: java-sql-injection
        em.createNativeQuery("SELECT * FROM r WHERE owner = '" + owner + "'");
        // ok: java-sql-injection
        em.createQuery("select r from R r where r.owner = :o").setParameter("o", owner);
        if (!SORTABLE.contains(sort)) {
            throw new IllegalArgumentException(sort);
        }
        // ok: java-sql-injection
        return em.createQuery("select r from R r order by r." + sort).getResultList();
    }

    void constantBranches(HttpServletRequest request, Statement st) throws SQLException {
        String param = request.getParameter("p");
        int limit = 86;
        String value = (limit * 2) > 100 ? "fixed" : param;
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE v = '" + value + "'");
        String other = (limit * 2) < 100 ? "fixed" : param;
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE v = '" + other + "'");
        String chosen;
        if (limit > 1000) {
            chosen = param;
        } else {
            chosen = "fixed";
        }
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE v = '" + chosen + "'");
        String live;
        if (request.getHeader("X-Mode") != null) {
            live = param;
        } else {
            live = "fixed";
        }
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE v = '" + live + "'");
    }

    void overwritten(HttpServletRequest request, Statement st) throws SQLException {
        String where = request.getParameter("where");
        where = "active = true";
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE " + where);
    }
}
