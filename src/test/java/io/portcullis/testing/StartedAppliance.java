package io.portcullis.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test appliance started for the field it marks and stopped afterwards, as JUnit's {@code @TempDir} is
 * made: a static field's serves the whole class, an instance field's each test. The field's type says how
 * it runs: {@link RunningAppliance} in this JVM, {@link ApplianceProcess} as the built jar.
 *
 * <pre>
 * &#64;TempDir
 * static Path tmp;
 * &#64;StartedAppliance(users = {"bashy:bash", "scpy:scponly"})
 * static RunningAppliance appliance;
 * </pre>
 *
 * <p>Its data directory is {@link #dataDir()} in the class's {@code @TempDir} of the same kind (static or
 * not), where the test keeps its own files, or else in a temporary directory of the fixture's own. That
 * parent directory is opened to the accounts, whose homes lie below it, as a real data directory's parents
 * are. It starts after JUnit's {@code @TempDir}s are made and before the class's {@code @BeforeAll} (or
 * {@code @BeforeEach}) methods run, and stops after its {@code @AfterAll} (or {@code @AfterEach}) methods.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(ApplianceFixture.class)
public @interface StartedAppliance {

    /** The data directory's name in the temporary directory (two appliances of one class need two). */
    String dataDir() default "data";

    /**
     * Lines of its {@code portcullis.conf}, as {@link RunningAppliance#withConf} writes them: after the
     * loopback exemption, and with the private userdb unless a line names {@code accounts.userdb-dir}.
     */
    String[] conf() default {};

    /**
     * Whether 127.0.0.1 is exempt from per-source penalties, as the tests that log in again and again from it
     * need; false for the tests of the penalties themselves.
     */
    boolean exemptLoopback() default true;

    /**
     * Accounts made before the test, each {@code name:shell}, with {@link RunningAppliance#USER_PASSWORD}
     * (in-process only: the jar's accounts are made through its console).
     */
    String[] users() default {};
}
