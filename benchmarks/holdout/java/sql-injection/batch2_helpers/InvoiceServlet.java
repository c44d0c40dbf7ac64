package com.acme.invoices;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

import org.hibernate.Session;
import org.hibernate.SessionFactory;

public class InvoiceServlet extends HttpServlet {
    private DataSource dataSource;
    private SessionFactory sessions;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String status = request.getParameter("status");
        String mode = request.getParameter("mode");
        int threshold = 86;
        String filter = (threshold * 2) > 100 ? "paid" : status;
        String column;
        switch (mode == null ? "" : mode) {
            case "date":
                column = "issued_at";
                break;
            default:
                column = "id";
        }
        try (Connection conn = dataSource.getConnection(); Statement st = conn.createStatement()) {
            // ok: sql-injection
            st.executeQuery("SELECT * FROM invoice WHERE status = '" + filter + "'");
            // ok: sql-injection
            st.executeQuery("SELECT * FROM invoice ORDER BY " + column);
            // ruleid: sql-injection
            st.executeQuery(buildQuery(status));
        } catch (SQLException e) {
            response.sendError(500);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String customer = request.getParameter("customer");
        try (Session session = sessions.openSession()) {
            // ruleid: sql-injection
            session.createQuery("from Invoice where customer = '" + customer + "'", Object.class).list();
            // ok: sql-injection
            session.createQuery("from Invoice where customer = :c", Object.class).setParameter("c", customer).list();
        }
    }

    private String buildQuery(String status) {
        return "SELECT * FROM invoice WHERE status = '" + status + "'";
    }
}
