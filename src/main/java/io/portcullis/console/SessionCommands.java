package io.portcullis.console;

import io.portcullis.host.RefusedException;
import io.portcullis.ssh.LiveSession;
import io.portcullis.ssh.LiveSessions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code ssh sessions} (SPEC §3, Sessions): every live SSH session, and closing one. */
@Component
class SessionCommands implements CommandSet {

    private static final Argument ID = Argument.of("ID", "the session id, as 'ssh sessions list' shows it");

    private final LiveSessions sessions;

    SessionCommands(LiveSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<ConsoleCommand> commands() {
        return List.of(
                ConsoleCommand.reading("ssh sessions list", "every live SSH session: user, address, kind, since,"
                        + " idle, bytes").options(Option.JSON)
                        .details("KIND is what the session's open channels run: console, shell, exec, sftp, scp,"
                                + " forward ('-' when none is open, e.g. ssh -N). Your own session is marked *.")
                        .does(this::list),
                ConsoleCommand.changing("ssh sessions kill", "close a session; its client is told it was closed by"
                                + " an administrator")
                        .argument(ID, ValueSource.live(sessions::ids))
                        .options(Option.YES)
                        .details("Killing your own session asks to confirm first (--yes in a script).")
                        .does(this::kill));
    }

    private static Map<String, Object> json(LiveSession s, boolean own) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("user", s.user());
        m.put("address", s.address());
        m.put("port", s.port());
        m.put("kinds", s.kinds());
        m.put("started", s.started().toString());
        m.put("idleSeconds", s.idle().toSeconds());
        m.put("bytesIn", s.bytesIn());
        m.put("bytesOut", s.bytesOut());
        m.put("authenticated", s.authenticated());
        m.put("own", own);
        return m;
    }

    private void list(Invocation in) {
        List<LiveSession> all = sessions.list();
        if (in.json()) {
            in.printJson(all.stream().map(s -> json(s, isOwn(in, s.id()))).toList());
            return;
        }
        TextTable table = new TextTable("ID", "USER", "ADDRESS", "KIND", "STARTED", "IDLE", "BYTES IN", "BYTES OUT");
        all.forEach(s -> table.row(s.id() + (isOwn(in, s.id()) ? "*" : ""), s.user(), address(s),
                s.kinds().isEmpty() ? (s.authenticated() ? "-" : "login") : String.join(",", s.kinds()),
                s.started().truncatedTo(ChronoUnit.SECONDS), idle(s.idle()), s.bytesIn(), s.bytesOut()));
        table.print(in.out());
    }

    private void kill(Invocation in) {
        long id = parseId(in.get(ID));
        LiveSession target = sessions.find(id).orElseThrow(() -> new RefusedException("no live session with id "
                + id + "; 'ssh sessions list' shows them"));
        boolean own = isOwn(in, id);
        if (own && !in.has(Option.YES)) {
            in.ask().confirm("Session " + id + " is the one you are using; killing it logs you out. Kill it?", "--yes");
        }
        in.out().println("closing session " + id + " of " + target.user() + " from " + address(target));
        in.out().flush();
        try {
            sessions.kill(in.actor(), id);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
        if (!own) {
            in.out().println("session " + id + " closed");
        }
    }

    private static long parseId(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("ID '" + io.portcullis.accounts.AccountRules.printable(value) + "': give a session"
                    + " id, a number as 'ssh sessions list' shows it");
        }
    }

    private static boolean isOwn(Invocation in, long id) {
        return in.identity().sshSessionId().map(own -> own == id).orElse(false);
    }

    private static String address(LiveSession s) {
        return (s.address().contains(":") ? "[" + s.address() + "]" : s.address()) + ":" + s.port();
    }

    static String idle(Duration idle) {
        long seconds = idle.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format("%02d", seconds / 60 % 60) + "m";
    }

}
