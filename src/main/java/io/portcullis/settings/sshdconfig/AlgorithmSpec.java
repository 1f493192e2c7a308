package io.portcullis.settings.sshdconfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An algorithm list as sshd_config writes it: a replacement list, or one modified with {@code +}
 * (append), {@code -} (remove, wildcards allowed) or {@code ^} (move/insert at the head).
 */
public record AlgorithmSpec(char mode, List<String> names) {

    public static AlgorithmSpec parse(String text) {
        String t = text.trim();
        char mode = '=';
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-' || t.charAt(0) == '^')) {
            mode = t.charAt(0);
            t = t.substring(1);
        }
        List<String> names = List.of(t.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new IllegalArgumentException("give a comma-separated list of algorithm names");
        }
        return new AlgorithmSpec(mode, names);
    }

    /**
     * Applies to {@code defaults}; {@code supported} is every name the server can offer, in its
     * preference order, and is what {@code -} patterns and unknown names are checked against.
     */
    public List<String> apply(List<String> defaults, List<String> supported) {
        for (String name : names) {
            boolean known = mode == '-' ? supported.stream().anyMatch(s -> PatternList.wildcardMatches(name, s))
                    || defaults.stream().anyMatch(s -> PatternList.wildcardMatches(name, s))
                    : supported.contains(name);
            if (!known) {
                throw new IllegalArgumentException("unsupported algorithm '" + name + "'; supported: "
                        + String.join(",", supported));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        switch (mode) {
            case '+' -> {
                out.addAll(defaults);
                out.addAll(names);
            }
            case '-' -> defaults.stream().filter(d -> names.stream().noneMatch(n -> PatternList.wildcardMatches(n, d)))
                    .forEach(out::add);
            case '^' -> {
                out.addAll(names);
                out.addAll(defaults);
            }
            default -> out.addAll(names);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("this leaves no algorithm at all");
        }
        return new ArrayList<>(out);
    }

    @Override
    public String toString() {
        return (mode == '=' ? "" : String.valueOf(mode)) + String.join(",", names);
    }
}
