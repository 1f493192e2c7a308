package io.portcullis.console;

import java.util.List;
import java.util.function.Supplier;

/**
 * The values an option or argument may take, read when completing (service names, usernames, enum
 * values, ...). The arguments typed before let a value depend on them (a user's key fingerprints).
 */
@FunctionalInterface
interface ValueSource {

    List<String> values(List<String> argumentsTypedBefore);

    static ValueSource fixed(List<String> values) {
        List<String> copy = List.copyOf(values);
        return typed -> copy;
    }

    static ValueSource live(Supplier<List<String>> values) {
        return typed -> values.get();
    }
}
