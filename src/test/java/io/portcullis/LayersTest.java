package io.portcullis;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shape of the code, checked by the build (docs/architecture.md draws it): the layers from the app down
 * to the store and the floor, no package cycles, the terminal libraries kept to the console layer and the
 * app, and nothing about a session held in a static or a thread-local.
 */
@AnalyzeClasses(packages = "io.portcullis", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {

    /**
     * Top to bottom; each layer uses only those below it (and its own packages). The console and the menu
     * reach the store only through the capability packages, and the store knows none of them.
     */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("app").definedBy("io.portcullis.app..")
            .layer("console").definedBy("io.portcullis.console..", "io.portcullis.menu..")
            .layer("protocol").definedBy("io.portcullis.ssh..", "io.portcullis.shells..", "io.portcullis.files..")
            .layer("capability").definedBy("io.portcullis.accounts..", "io.portcullis.certificates..",
                    "io.portcullis.settings..", "io.portcullis.services..", "io.portcullis.audit..",
                    "io.portcullis.keypairs..", "io.portcullis.connections..", "io.portcullis.directory..",
                    "io.portcullis.backup..")
            .layer("store").definedBy("io.portcullis.store..")
            .layer("floor").definedBy("io.portcullis.host..", "io.portcullis.conf..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("console").mayOnlyBeAccessedByLayers("app")
            .whereLayer("protocol").mayOnlyBeAccessedByLayers("console", "app")
            .whereLayer("capability").mayOnlyBeAccessedByLayers("protocol", "console", "app")
            .whereLayer("store").mayOnlyBeAccessedByLayers("capability")
            .whereLayer("store").mayOnlyAccessLayers("floor")
            .whereLayer("floor").mayNotAccessAnyLayer();

    /** Every package, sub-packages too, is a slice; no two of them depend on each other, however far round. */
    @ArchTest
    static final ArchRule noCycles = slices().matching("io.portcullis.(**)").should().beFreeOfCycles();

    /** JLine and pty4j are terminals: the console layer's and the app's. */
    @ArchTest
    static final ArchRule terminalsStayAtTheConsole = noClasses().that()
            .resideOutsideOfPackages("io.portcullis.app..", "io.portcullis.console..", "io.portcullis.menu..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jline..", "com.pty4j..");

    /** A thread-local would carry one session's state into the next task on the thread (see style.md). */
    @ArchTest
    static final ArchRule noThreadLocals = noFields().should().haveRawType(assignableTo(ThreadLocal.class));

    /**
     * What is really the process's, by name and why. Everything else static is final, and of a type that
     * holds no state of its own that could change.
     */
    static final Map<String, String> PROCESS_WIDE = Map.of(
            "io.portcullis.files.PinnedPath.supported", "whether this kernel has openat2, probed once");

    @ArchTest
    static final ArchRule staticsAreConstants = fields().that().areStatic().should(new ArchCondition<>(
            "be final and hold no mutable state, unless a process-wide fact listed in LayersTest") {
        @Override
        public void check(JavaField field, ConditionEvents events) {
            boolean listed = PROCESS_WIDE.containsKey(field.getFullName());
            boolean mutable = !field.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.FINAL)
                    || MUTABLE.stream().anyMatch(type -> field.getRawType().isAssignableTo(type));
            if (mutable && !listed) {
                events.add(SimpleConditionEvent.violated(field, field.getFullName() + " is static state"
                        + " (of type " + field.getRawType().getSimpleName() + "); keep it in the object that owns it"));
            }
        }
    });

    private static final java.util.List<Class<?>> MUTABLE = java.util.List.of(ConcurrentHashMap.class,
            java.util.HashMap.class, java.util.ArrayList.class, java.util.HashSet.class, CopyOnWriteArrayList.class,
            AtomicReference.class, AtomicLong.class, AtomicInteger.class, AtomicBoolean.class);
}
