package io.portcullis.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The single row of SSH service settings, column by column. Which columns there are is the settings
 * package's to say (one per setting); reading does not validate: the text of each column goes back as it
 * is, for the settings' rules to read and to name what a hand edit broke.
 */
@Repository
public class SshSettingsRepository {

    private static final Pattern COLUMN = Pattern.compile("[a-z][a-z0-9_]*");

    private final JdbcClient db;

    public SshSettingsRepository(JdbcClient db) {
        this.db = db;
    }

    /** These columns of the row as text; a NULL column is absent from the map. */
    public Map<String, String> load(List<String> columns) {
        return db.sql("SELECT " + String.join(", ", checked(columns)) + " FROM ssh_settings WHERE id = 1")
                .query((rs, row) -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (String column : columns) {
                        String value = rs.getString(column);
                        if (value != null) {
                            values.put(column, value);
                        }
                    }
                    return values;
                }).single();
    }

    /** Writes these columns of the row at once. */
    public void save(Map<String, Object> columns) {
        List<String> names = checked(List.copyOf(columns.keySet()));
        db.sql("UPDATE ssh_settings SET " + String.join(", ", names.stream().map(c -> c + " = ?").toList())
                        + " WHERE id = 1")
                .params(List.copyOf(columns.values())).update();
    }

    /** Column names go into the SQL text: only plain identifiers do. */
    private static List<String> checked(List<String> columns) {
        for (String column : columns) {
            if (!COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("not a column name: " + column);
            }
        }
        return columns;
    }
}
