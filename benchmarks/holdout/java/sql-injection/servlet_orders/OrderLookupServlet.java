package com.acme.orders;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;

@WebServlet("/orders/lookup")
public class OrderLookupServlet extends HttpServlet {
    private DataSource dataSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String customer = request.getParameter("customer");
        String region = request.getHeader("X-Region");
        Map<String, String> filters = new HashMap<>();
        filters.put("customer", customer);
        filters.put("channel", "web");
        String channel = filters.get("channel");
        try (Connection conn = dataSource.getConnection()) {
            Statement st = conn.createStatement();
            // ruleid: sql-injection
            ResultSet rs = st.executeQuery("SELECT * FROM orders WHERE customer = '" + customer + "'");
            rs.close();
            // ruleid: sql-injection
            st.executeUpdate("UPDATE visits SET region = '" + region + "' WHERE customer = 1");
            PreparedStatement ps = conn.prepareStatement("SELECT * FROM orders WHERE customer = ? AND region = ?");
            ps.setString(1, customer);
            ps.setString(2, region);
            // ok: sql-injection
            ps.executeQuery();
            // ok: sql-injection
            st.executeQuery("SELECT count(*) FROM orders WHERE channel = '" + channel + "'");
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String id = request.getParameter("id");
        long orderId = Long.parseLong(id);
        try (Connection conn = dataSource.getConnection()) {
            // ok: sql-injection
            conn.createStatement().execute("DELETE FROM orders WHERE id = " + orderId);
            // ruleid: sql-injection
            conn.prepareCall("{call archive_order('" + id + "')}").execute();
        } catch (SQLException e) {
            throw new ServletException(e);
        }
    }
}
