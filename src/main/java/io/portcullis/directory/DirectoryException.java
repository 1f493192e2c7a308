package io.portcullis.directory;

/** The directory did not answer, refused Portcullis, or gave an entry that cannot be used; the message says which. */
public class DirectoryException extends RuntimeException {

    /** What went wrong, which decides what the cache keeps. */
    public enum Kind {
        /** No answer (connection, TLS, timeout): cached users' key logins go on. */
        UNREACHABLE,
        /** An answer refusing Portcullis (its bind, a search): the same, and the configuration needs a look. */
        REFUSED,
        /** An answer about one entry that cannot be used (two entries for a name, too many groups). */
        ENTRY
    }

    private final Kind kind;

    public DirectoryException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
