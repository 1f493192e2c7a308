package io.portcullis.settings.sshdconfig;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** sshd_config(5) TIME FORMATS: {@code 90}, {@code 90s}, {@code 10m}, {@code 1h30m}; at most a week here. */
public final class TimeFormat {

    private static final Pattern PART = Pattern.compile("(\\d+)([sSmMhHdDwW]?)");
    private static final long WEEK = 604800;

    private TimeFormat() {
    }

    /** The duration, or an {@link IllegalArgumentException} saying what a time looks like. */
    public static Duration parse(String value) {
        Matcher m = PART.matcher(value);
        long seconds = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1).length() > 9 ? "999999999" : m.group(1));
            seconds += n * switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86400;
                case "w" -> WEEK;
                default -> 1;
            };
            end = m.end();
        }
        if (value.isEmpty() || end != value.length()) {
            throw new IllegalArgumentException("must be a time like 30, 30s, 5m or 1h30m, not '" + value + "'");
        }
        if (seconds > WEEK) {
            throw new IllegalArgumentException("must be at most one week");
        }
        return Duration.ofSeconds(seconds);
    }

    /** The shortest way to write it: {@code 90} seconds is {@code 1m30s}, zero is {@code 0}. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds == 0) {
            return "0";
        }
        StringBuilder text = new StringBuilder();
        long[] sizes = {WEEK, 86400, 3600, 60, 1};
        String[] units = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                text.append(seconds / sizes[i]).append(units[i]);
                seconds %= sizes[i];
            }
        }
        return text.toString();
    }
}
