package com.acme.customers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

public class CustomerDao {
    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://db/customers");
    }

    public List<String> findByName(String name) {
        List<String> names = new ArrayList<>();
        try (Connection conn = connect()) {
            // ruleid: sql-injection
            ResultSet rs = conn.createStatement().executeQuery("SELECT name FROM customer WHERE name LIKE '" + name + "%'");
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    public List<String> findById(String id) {
        List<String> names = new ArrayList<>();
        try (Connection conn = connect()) {
            PreparedStatement ps = conn.prepareStatement("SELECT name FROM customer WHERE id = ?");
            ps.setString(1, id);
            // ok: sql-injection
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }
}
