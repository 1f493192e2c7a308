package io.portcullis.ssh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One live SSH session as {@code ssh sessions list} shows it (SPEC §3, Sessions). {@code kinds} are what
 * its open channels run (console, shell, exec, sftp, scp, forward); empty for a session with none open.
 */
public record LiveSession(long id, String user, String address, int port, List<String> kinds, Instant started,
                          Duration idle, long bytesIn, long bytesOut, boolean authenticated) {
}
