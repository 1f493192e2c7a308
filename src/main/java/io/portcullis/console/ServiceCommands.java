package io.portcullis.console;

import io.portcullis.services.Services;
import io.portcullis.services.Services.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The {@code services} menu (SPEC §2). Every action takes {@code --yes} (SPEC §10), so a script can give
 * it to all of them; only {@code stop} asks anything.
 */
@Component
class ServiceCommands implements CommandSet {

    private static final String SSH = "ssh";
    private static final Argument NAME = Argument.of("NAME", "the service, e.g. ssh");
    private static final Option<Boolean> DISCONNECT = Option.flag("disconnect", "also close the established sessions");

    private final Services services;

    ServiceCommands(Services services) {
        this.services = services;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ValueSource names = ValueSource.live(services::names);
        return List.of(
                ConsoleCommand.reading("services list", "list the services: running, start automatically, listeners,"
                        + " sessions").options(Option.JSON).does(this::list),
                ConsoleCommand.changing("services start", "start a service; its saved configuration is checked first")
                        .argument(NAME, names).options(Option.YES).does(this::start),
                ConsoleCommand.changing("services stop", "stop a service; established sessions go on unless"
                        + " --disconnect").argument(NAME, names)
                        .options(Option.YES, DISCONNECT)
                        .details("Stopping ssh from an SSH session asks to confirm: no new SSH login is possible until"
                                + " the service starts again.")
                        .does(this::stop),
                ConsoleCommand.changing("services restart", "apply the saved settings to new connections; established"
                        + " sessions go on").argument(NAME, names).options(Option.YES).does(this::restart),
                ConsoleCommand.changing("services enable", "start the service automatically at boot")
                        .argument(NAME, names).options(Option.YES).does(in -> setAutomatic(in, true)),
                ConsoleCommand.changing("services disable", "do not start the service at boot")
                        .argument(NAME, names).options(Option.YES).does(in -> setAutomatic(in, false)));
    }

    private void list(Invocation in) {
        List<Status> all = services.list();
        if (in.json()) {
            in.printJson(all.stream().map(ServiceCommands::json).toList());
            return;
        }
        TextTable table = new TextTable("NAME", "RUNNING", "START AUTOMATICALLY", "SESSIONS", "LISTENERS");
        all.forEach(s -> table.row(s.name(), TextTable.yesNo(s.running()), TextTable.yesNo(s.startAutomatically()),
                s.sessions(), TextTable.orDash(String.join(" ", s.listeners()))));
        table.print(in.out());
        all.forEach(s -> s.notes().forEach(note -> in.out().println(s.name() + ": " + note)));
        all.forEach(s -> s.warnings().forEach(w -> in.out().println(s.name() + ": warning: " + w)));
    }

    private static Map<String, Object> json(Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("running", s.running());
        m.put("startAutomatically", s.startAutomatically());
        m.put("listeners", s.listeners());
        m.put("sessions", s.sessions());
        m.put("notes", s.notes());
        m.put("warnings", s.warnings());
        return m;
    }

    private void start(Invocation in) {
        String name = in.get(NAME);
        if (services.require(name).isRunning()) {
            in.out().println(name + " is running already; 'services restart " + name + "' applies saved settings");
            return;
        }
        services.start(in.actor(), name);
        in.out().println(name + " started; listening on " + String.join(" ", services.require(name).listeners()));
        warn(in, name);
    }

    /** Running, but short of what is configured: said after the result line; the exit status stays 0. */
    private void warn(Invocation in, String name) {
        services.require(name).warnings().forEach(w -> in.out().println("warning: " + w));
    }

    private void stop(Invocation in) {
        String name = in.get(NAME);
        boolean disconnect = in.has(DISCONNECT);
        services.require(name);
        if (name.equals(SSH) && in.identity().overSsh() && !in.has(Option.YES)) {
            in.ask().confirm("Stopping ssh: no new SSH login will be possible until it is started again (from the"
                    + " local console or by restarting the appliance)"
                    + (disconnect ? ", and every SSH session, this one included, is closed now" : "")
                    + ". Stop ssh?", "--yes");
        }
        in.out().println(name + " stopping" + (disconnect ? "; closing its sessions" : "; established sessions go on"));
        in.out().flush();
        services.stop(in.actor(), name, disconnect);
        in.out().println(name + " stopped");
    }

    private void restart(Invocation in) {
        String name = in.get(NAME);
        services.restart(in.actor(), name);
        in.out().println(name + " restarted; listening on " + String.join(" ", services.require(name).listeners())
                + "; established sessions go on");
        warn(in, name);
    }

    private void setAutomatic(Invocation in, boolean enabled) {
        String name = in.get(NAME);
        services.setStartAutomatically(in.actor(), name, enabled);
        in.out().println(name + (enabled ? " will start automatically at boot" : " will not start at boot"));
    }
}
