package io.portcullis.settings.sshdconfig;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An OpenSSH pattern list (ssh_config(5) PATTERNS): comma-separated wildcard patterns with {@code *}
 * and {@code ?}, each optionally negated with {@code !}. A negated match vetoes the whole list.
 */
public record PatternList(List<String> patterns) {

    public PatternList {
        patterns = List.copyOf(patterns);
    }

    public static PatternList parse(String text) {
        return new PatternList(List.of(text.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** True when some positive pattern matches and no negated one does (OpenSSH's match_pattern_list). */
    public boolean matches(String value) {
        boolean matched = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String pattern = negated ? p.substring(1) : p;
            if (wildcardMatches(pattern, value)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    public static boolean wildcardMatches(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(value).matches();
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
