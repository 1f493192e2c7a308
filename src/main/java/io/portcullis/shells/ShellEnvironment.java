package io.portcullis.shells;

import io.portcullis.ssh.AccountChannel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment a login shell starts with: built from nothing (the appliance's own environment never
 * leaks in), {@code HOME USER LOGNAME SHELL PATH}, {@code TERM} when there is a terminal, and only
 * {@code LANG}/{@code LC_*} of what the client sent; {@code SSH_AUTH_SOCK} when the client's agent is
 * forwarded to this session.
 */
final class ShellEnvironment {

    static final String USER_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final String ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ShellEnvironment() {
    }

    static Map<String, String> of(String username, int uid, String home, String shell, Optional<String> term,
                                  Map<String, String> fromClient, Optional<String> agentSocket) {
        Map<String, String> env = new TreeMap<>();
        fromClient.forEach((name, value) -> {
            if (AccountChannel.acceptsEnv(name)) {
                env.put(name, value);
            }
        });
        env.put("HOME", home);
        env.put("USER", username);
        env.put("LOGNAME", username);
        env.put("SHELL", shell);
        env.put("PATH", uid == 0 ? ROOT_PATH : USER_PATH);
        term.ifPresent(t -> env.put("TERM", t));
        agentSocket.ifPresent(s -> env.put("SSH_AUTH_SOCK", s));
        return env;
    }
}
