package io.portcullis.settings;

/**
 * When a saved change reaches the server (SPEC §3): who may log in and how is read at every login; what
 * the listener, the algorithms and the connection limits are made of is fixed when the service starts.
 */
public enum AppliesAt {
    NEXT_LOGIN("next-login", "the next login"),
    RESTART("restart", "the next 'services restart ssh'");

    private final String code;
    private final String words;

    AppliesAt(String code, String words) {
        this.code = code;
        this.words = words;
    }

    /** As {@code ssh show --json} gives it: {@code next-login} or {@code restart}. */
    public String code() {
        return code;
    }

    /** For people: "the next login". */
    public String words() {
        return words;
    }
}
