package io.portcullis.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The wildcards of an scp download ({@code scp -O 'host:*.log' .}), expanded as a POSIX shell would
 * before starting scp, but by Portcullis and inside the jail: {@code *}, {@code ?} and {@code [...]}
 * (with {@code !} or {@code ^} to negate, and ranges) within one path component, a leading dot only
 * matched by a dot, matches sorted. {@code pattern} holds the quoted characters escaped with a backslash.
 * Directories are listed through the session's jailed file system, with the account's rights; one that
 * cannot be listed matches nothing, as for glob(3).
 */
public record ScpGlob(String pattern) {

    /** The characters escaped in {@link #pattern} when they were quoted. */
    static final String SPECIAL = "*?[]\\";

    /** The existing paths that match, from {@code home} (a relative pattern) or the file system's root; empty when none. */
    List<Path> expand(Path home) {
        List<Path> candidates = List.of(pattern.startsWith("/") ? home.getFileSystem().getPath("/") : home);
        for (String component : pattern.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            List<Path> next = new ArrayList<>();
            for (Path dir : candidates) {
                if (hasWildcard(component)) {
                    next.addAll(matching(dir, component));
                } else {
                    next.add(dir.resolve(unescape(component)));
                }
            }
            candidates = next;
        }
        return candidates.stream().filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)).toList();
    }

    private static List<Path> matching(Path dir, String component) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (matches(component, name)) {
                    found.add(entry);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            return List.of(); // as glob(3) without GLOB_ERR: what cannot be read matches nothing
        }
        found.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return found;
    }

    static boolean hasWildcard(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[' && classEnd(component, i) > 0) {
                return true;
            }
        }
        return false;
    }

    static String unescape(String component) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '\\' && i + 1 < component.length()) {
                c = component.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Whether {@code name} matches the one-component {@code pattern}: the usual backtracking over the last
     * {@code *}, so at most pattern length times name length steps. A leading dot is matched only by a dot.
     */
    static boolean matches(String pattern, String name) {
        if (name.startsWith(".") && !(pattern.startsWith(".") || pattern.startsWith("\\."))) {
            return false;
        }
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = 0;
        while (n < name.length()) {
            int step = p < pattern.length() ? matchOne(pattern, p, name.charAt(n)) : -1;
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starN = n;
            } else if (step > 0) {
                p = step;
                n++;
            } else if (starP >= 0) {
                p = starP;
                n = ++starN;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** Where the pattern goes on if its element at {@code p} (not a star) matches {@code c}; -1 if it does not. */
    private static int matchOne(String pattern, int p, char c) {
        char e = pattern.charAt(p);
        if (e == '*') {
            return -1;
        }
        if (e == '?') {
            return p + 1;
        }
        if (e == '\\' && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        if (e == '[') {
            int end = classEnd(pattern, p);
            if (end > 0) {
                return inClass(pattern, p + 1, end, c) ? end + 1 : -1;
            }
        }
        return e == c ? p + 1 : -1;
    }

    /** The index of the {@code ]} closing the class that opens at {@code open}, or -1 (then '[' is literal). */
    private static int classEnd(String pattern, int open) {
        int i = open + 1;
        if (i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^')) {
            i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
            i++; // a ']' first in the class is one of its members
        }
        for (; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String pattern, int from, int end, char c) {
        boolean negated = pattern.charAt(from) == '!' || pattern.charAt(from) == '^';
        int i = negated ? from + 1 : from;
        boolean found = false;
        boolean first = true;
        while (i < end) {
            char low = pattern.charAt(i);
            if (low == '\\' && i + 1 < end) {
                low = pattern.charAt(++i);
            } else if (low == ']' && !first) {
                break;
            }
            first = false;
            char high = low;
            if (i + 2 < end && pattern.charAt(i + 1) == '-') {
                high = pattern.charAt(i + 2);
                if (high == '\\' && i + 3 < end) {
                    high = pattern.charAt(i + 3);
                    i++;
                }
                i += 2;
            }
            if (low <= c && c <= high) {
                found = true;
            }
            i++;
        }
        return found != negated;
    }
}
