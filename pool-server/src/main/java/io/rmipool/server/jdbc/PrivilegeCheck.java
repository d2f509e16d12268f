package io.rmipool.server.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells whether the pool's database user can take over the host through SQL, which every client with
 * the secret can send: a PostgreSQL superuser ({@code COPY ... TO PROGRAM}, {@code pg_read_file},
 * {@code lo_export}) or an H2 admin ({@code CREATE ALIAS} with Java source, {@code FILE_READ},
 * {@code FILE_WRITE}). The server logs the answer as a WARN at start. Stateless and thread-safe.
 */
public final class PrivilegeCheck {
    private PrivilegeCheck() {
    }

    /**
     * @return why the connection's user is dangerous to share, or empty when it is not (or the database
     *     is neither PostgreSQL nor H2, or cannot say)
     */
    public static Optional<String> danger(Connection c) {
        try {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            if (product.contains("postgresql")) {
                return query(c, "select rolsuper from pg_roles where rolname = current_user")
                        ? Optional.of("the database role is a PostgreSQL superuser: any client with the secret can run "
                                + "programs and read or write files on the database host (COPY ... PROGRAM, "
                                + "pg_read_file); give the pool a role without SUPERUSER (see README, PostgreSQL)")
                        : Optional.empty();
            }
            if (product.contains("h2")) {
                return query(c, "select is_admin from information_schema.users where user_name = current_user")
                        ? Optional.of("the H2 user is an admin: any client with the secret can run Java code in this "
                                + "server (CREATE ALIAS) and read or write its files (FILE_READ, FILE_WRITE); "
                                + "give the pool a user without ADMIN, or leave --jdbc-user empty for in-memory H2")
                        : Optional.empty();
            }
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private static boolean query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
