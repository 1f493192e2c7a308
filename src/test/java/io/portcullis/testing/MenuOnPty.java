package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An appliance (admin password set) with its local console menu on a socat pty, and the operator at
 * the other end, ready at the menu's first prompt. Registered with {@code @RegisterExtension}: on a
 * static field it serves the whole class, on an instance field each test gets its own.
 */
public final class MenuOnPty implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private Path tmp;
    private Path device;
    private OperatorTerminal operator;
    private RunningAppliance appliance;
    /** The menu shown first, before any test typed anything. */
    private String firstMenu;
    private boolean perClass;

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    public OperatorTerminal operator() {
        return operator;
    }

    public RunningAppliance appliance() {
        return appliance;
    }

    public String firstMenu() {
        return firstMenu;
    }

    /** A directory of this fixture's own, removed afterwards. */
    public Path tmp() {
        return tmp;
    }

    /** The pty the menu runs on. */
    public Path device() {
        return device;
    }

    /** After a hangup: a new operator terminal on the same device path, as a line that comes back. */
    public OperatorTerminal reconnect() {
        operator.close();
        operator = OperatorTerminal.open(device);
        return operator;
    }

    private void start() {
        try {
            tmp = Files.createTempDirectory("portcullis-menu");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        device = tmp.resolve("line/console");
        operator = OperatorTerminal.open(device);
        appliance = RunningAppliance.startWithConsole(tmp.resolve("data"), device, true);
        firstMenu = operator.awaitMenu();
    }

    private void stop() {
        if (appliance != null) {
            appliance.close();
        }
        if (operator != null) {
            operator.close();
        }
        try (Stream<Path> files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no test failure
        }
    }
}
