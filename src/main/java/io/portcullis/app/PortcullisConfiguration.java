package io.portcullis.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Spring's view of the appliance: component scan of {@code io.portcullis}, Boot's JDBC, transaction
 * and Flyway auto-configuration. Spring Shell's own runners are excluded: each SSH session builds its
 * own console (see the console package), none reads the JVM's terminal.
 */
@SpringBootApplication(scanBasePackages = "io.portcullis", excludeName = "org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration")
public class PortcullisConfiguration {
}
