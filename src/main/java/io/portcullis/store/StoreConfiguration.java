package io.portcullis.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.portcullis.host.DataDirectory;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite store at {@code DATA_DIR/portcullis.db}. Flyway (Spring Boot's auto-configuration)
 * migrates it from {@code classpath:db/migration}, which the build fills from top-level migrations/.
 */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(DataDirectory dataDirectory) {
        dataDirectory.createDatabaseFile();
        SQLiteConfig sqlite = new SQLiteConfig();
        // WAL lets readers (logins) proceed while an admin writes; the busy timeout makes writers wait
        // for each other instead of failing with SQLITE_BUSY.
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.enforceForeignKeys(true);
        sqlite.setBusyTimeout(10_000);
        SQLiteDataSource sqliteDataSource = new SQLiteDataSource(sqlite);
        sqliteDataSource.setUrl("jdbc:sqlite:" + dataDirectory.database());

        HikariConfig pool = new HikariConfig();
        pool.setDataSource(sqliteDataSource);
        pool.setPoolName("portcullis-store");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(1);
        return new HikariDataSource(pool);
    }

    @Bean
    public JdbcClient jdbcClient(DataSource dataSource) {
        return JdbcClient.create(dataSource);
    }
}
