package io.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.OpenSsh.Result;

/** How a refusal reaches the real clients, asserted with the whole run (exit, stdout, stderr) in the failure. */
public final class Refusals {

    private Refusals() {
    }

    /** OpenSSH's answer to a refused login: exit 255 and "Permission denied". */
    public static Result assertLoginRefused(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(255);
        assertThat(r.stderr()).as(r.toString()).contains("Permission denied");
        return r;
    }

    /** A console command, or a request a restricted shell does not allow: exit 1 and each part on stderr. */
    public static Result assertRefused(Result r, String... parts) {
        return assertRefused("", r, parts);
    }

    /** {@link #assertRefused(Result, String...)} of {@code what} (a command, named in the failure). */
    public static Result assertRefused(String what, Result r, String... parts) {
        String description = what.isEmpty() ? r.toString() : what + "\n" + r;
        assertThat(r.exitCode()).as(description).isEqualTo(1);
        assertStderrHas(r, description, parts);
        return r;
    }

    /**
     * Runs {@code batch} through {@code sftp -b} and fails unless sftp does (it stops at the first command
     * the server refuses), with each part on stderr.
     */
    public static Result assertSftpBatchFails(OpenSsh client, String batch, String... parts) {
        Result r = client.sftp(batch);
        assertThat(r.exitCode()).as(batch + "\n" + r).isNotZero();
        assertStderrHas(r, r.toString(), parts);
        return r;
    }

    /** AssertJ refuses an empty list of parts to look for; none asked for is none to check. */
    private static void assertStderrHas(Result r, String description, String... parts) {
        if (parts.length > 0) {
            assertThat(r.stderr()).as(description).contains(parts);
        }
    }
}
