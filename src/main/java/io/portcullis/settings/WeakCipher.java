package io.portcullis.settings;

import java.util.Locale;
import java.util.Optional;

/** Ciphers that are off unless an administrator turns them on (SPEC §3, Weak Ciphers). */
public enum WeakCipher {
    AES128_CBC("AES128-CBC"), NONE("NONE");

    private final String label;

    WeakCipher(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<WeakCipher> fromLabel(String text) {
        String wanted = text.trim().toUpperCase(Locale.ROOT);
        for (WeakCipher c : values()) {
            if (c.label.equals(wanted)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
