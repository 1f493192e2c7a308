package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The JUnit extension behind {@link StartedAppliance}: starts what the static fields ask for before the
 * class and what the instance fields ask for before each test, and stops them, last started first.
 */
final class ApplianceFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApplianceFixture.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context, context.getRequiredTestClass(), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start(context, context.getRequiredTestClass(), context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        stop(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop(context);
    }

    /** The static fields' appliances when {@code instance} is null, else the instance's. */
    private static void start(ExtensionContext context, Class<?> type, Object instance) throws Exception {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(type, StartedAppliance.class,
                f -> Modifier.isStatic(f.getModifiers()) == (instance == null), HierarchyTraversalMode.TOP_DOWN);
        if (fields.isEmpty()) {
            return;
        }
        Started started = new Started();
        // kept in this context's own store at once, so that what did start is stopped when a later one fails
        context.getStore(NAMESPACE).put(Started.class, started);
        Path parent = temporaryDirectory(type, instance, started);
        TestFiles.openForAccounts(parent);
        for (Field field : fields) {
            StartedAppliance wanted = field.getAnnotation(StartedAppliance.class);
            Path dataDir = parent.resolve(wanted.dataDir());
            if (Files.exists(dataDir)) {
                throw new ExtensionConfigurationException(type.getSimpleName() + "." + field.getName()
                        + ": data directory " + dataDir + " is taken; give each appliance its own dataDir");
            }
            RunningAppliance.writeConf(dataDir, wanted.exemptLoopback(), List.of(wanted.conf()));
            field.setAccessible(true);
            if (field.getType() == RunningAppliance.class) {
                RunningAppliance appliance = RunningAppliance.start(dataDir);
                started.stops.add(appliance::close);
                addUsers(appliance, wanted.users(), field);
                field.set(instance, appliance);
            } else if (field.getType() == ApplianceProcess.class) {
                if (wanted.users().length > 0) {
                    throw new ExtensionConfigurationException(field.getName() + ": users are made in-process only;"
                            + " make the jar's through its console (" + field.getType().getSimpleName() + ".admin())");
                }
                ApplianceProcess app = ApplianceProcess.serve(dataDir);
                started.stops.add(app::stop);
                field.set(instance, app);
            } else {
                throw new ExtensionConfigurationException(field.getName() + ": @StartedAppliance goes on a field of"
                        + " type RunningAppliance (in this JVM) or ApplianceProcess (the jar), not " + field.getType());
            }
        }
    }

    private static void addUsers(RunningAppliance appliance, String[] users, Field field) {
        for (String user : users) {
            String[] nameAndShell = user.split(":", -1);
            if (nameAndShell.length != 2 || nameAndShell[0].isBlank() || nameAndShell[1].isBlank()) {
                throw new ExtensionConfigurationException(field.getName() + ": user '" + user
                        + "' is not name:shell (e.g. bashy:bash)");
            }
            appliance.addUser(nameAndShell[0], nameAndShell[1]);
        }
    }

    /**
     * The test's own {@code @TempDir} of the same kind, so that its files lie beside the data directory where
     * its assertions look; otherwise one of the fixture's, removed when it stops.
     */
    private static Path temporaryDirectory(Class<?> type, Object instance, Started started) throws Exception {
        List<Field> tempDirs = AnnotationSupport.findAnnotatedFields(type, TempDir.class,
                f -> Modifier.isStatic(f.getModifiers()) == (instance == null) && f.getType() == Path.class,
                HierarchyTraversalMode.TOP_DOWN);
        if (!tempDirs.isEmpty()) {
            Field field = tempDirs.get(0);
            field.setAccessible(true);
            Path dir = (Path) field.get(instance);
            if (dir != null) {
                return dir;
            }
        }
        Path own = Files.createTempDirectory("portcullis-test");
        started.stops.add(() -> delete(own));
        return own;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(ExtensionContext context) throws Exception {
        // remove, not get: get would find the class's appliances from a test's context and stop them
        Started started = context.getStore(NAMESPACE).remove(Started.class, Started.class);
        if (started != null) {
            started.stopAll();
        }
    }

    /** What one context started, in order. */
    private static final class Started {
        interface Stop {
            void run() throws Exception;
        }

        final List<Stop> stops = new ArrayList<>();

        void stopAll() throws Exception {
            Exception first = null;
            for (int i = stops.size() - 1; i >= 0; i--) {
                try {
                    stops.get(i).run();
                } catch (Exception e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
