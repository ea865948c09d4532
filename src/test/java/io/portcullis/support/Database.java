package io.portcullis.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A JDBC connection of the test's own to the service's database: writes made through it are what
 * another replica's writes look like to this one.
 */
public final class Database {

    private Database() {}

    public static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
    }

    /** Runs statements in one transaction. */
    public static void inTransaction(String url, String[] sql, Object[][] parameters) throws SQLException {
        try (Connection c = connect(url)) {
            c.setAutoCommit(false);
            for (int i = 0; i < sql.length; i++) {
                try (PreparedStatement s = c.prepareStatement(sql[i])) {
                    for (int p = 0; p < parameters[i].length; p++) {
                        s.setObject(p + 1, parameters[i][p]);
                    }
                    s.execute();
                }
            }
            c.commit();
        }
    }

    /** The first column of the first row, or null. */
    public static Object queryOne(String url, String sql, Object... parameters) throws SQLException {
        try (Connection c = connect(url); PreparedStatement s = c.prepareStatement(sql)) {
            for (int p = 0; p < parameters.length; p++) {
                s.setObject(p + 1, parameters[p]);
            }
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        }
    }
}
