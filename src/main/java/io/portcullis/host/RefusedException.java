package io.portcullis.host;

/**
 * A request refused, or an operation that could not be done, for a reason its message gives the operator: what
 * was wrong and what to do. Each capability's own refusal extends it, so a caller that only reports them catches
 * one type. A console command it ends exits with {@link #exitStatus()} (SPEC §10): 1, or 2 when the command line
 * itself was wrong.
 */
public class RefusedException extends RuntimeException {

    /** Refused or failed, the status of every refusal but a usage error. */
    public static final int REFUSED = 1;

    private final int exitStatus;

    public RefusedException(String message) {
        this(message, REFUSED);
    }

    public RefusedException(String message, Throwable cause) {
        super(message, cause);
        this.exitStatus = REFUSED;
    }

    protected RefusedException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }
}
