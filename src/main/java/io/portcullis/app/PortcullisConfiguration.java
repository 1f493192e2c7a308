package io.portcullis.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring's view of the appliance: component scan of {@code io.portcullis}, Boot's JDBC, transaction
 * and Flyway auto-configuration. No console reads the JVM's terminal: each SSH session builds its own
 * (see the console package).
 */
@SpringBootApplication(scanBasePackages = "io.portcullis")
public class PortcullisConfiguration {
}
