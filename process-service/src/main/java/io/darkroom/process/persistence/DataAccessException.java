package io.darkroom.process.persistence;

import java.sql.SQLException;

/** A catalog statement failed; carries the SQL state so callers can retry serialization failures. */
public final class DataAccessException extends RuntimeException {
    private final String sqlState;

    public DataAccessException(String sql, SQLException cause) {
        super(
                "catalog statement failed (" + cause.getSQLState() + "): " + cause.getMessage() + " [" + firstLine(sql)
                        + "]",
                cause);
        this.sqlState = cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }

    /** Serialization failure or deadlock: running the transaction again can succeed. */
    public boolean transientConflict() {
        return "40001".equals(sqlState) || "40P01".equals(sqlState);
    }

    private static String firstLine(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
