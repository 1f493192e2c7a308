package io.portcullis.console;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.Group;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code accounts groups} and {@code accounts groups members} (SPEC §4). */
@Component
class GroupCommands implements CommandSet {

    private static final Argument GROUP = Argument.of("GROUP", "the group name");
    private static final Argument NEW_GROUP = Argument.of("GROUP", "1 to 32 of a-z 0-9 . _ -, starting with a letter"
            + " or _");
    private static final Argument USER = Argument.of("USER", "the username");
    private static final Option<Integer> GID = Option.number("gid", "N", "group id in accounts.id-range (default"
            + " 20000-59999); the next free one the host does not use when left out");
    private static final Option<String> NEW_NAME = Option.text("name", "NEW", "the new group name");
    private static final Option<Integer> NEW_GID = Option.number("gid", "N", "the new group id");

    private final Accounts accounts;
    private final UserCommands users;

    GroupCommands(Accounts accounts, UserCommands users) {
        this.accounts = accounts;
        this.users = users;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ValueSource groups = users.groupNames();
        return List.of(
                ConsoleCommand.reading("accounts groups list", "the groups with gid and members")
                        .options(Option.JSON).does(this::list),
                ConsoleCommand.reading("accounts groups show", "one group with its members")
                        .argument(GROUP, groups).options(Option.JSON).does(this::show),
                ConsoleCommand.changing("accounts groups add", "add a group")
                        .argument(NEW_GROUP).options(GID).does(this::add),
                ConsoleCommand.changing("accounts groups edit", "rename a group or change its gid")
                        .argument(GROUP, groups).options(NEW_NAME, NEW_GID).does(this::edit),
                ConsoleCommand.changing("accounts groups delete", "delete a group that is nobody's primary group")
                        .argument(GROUP, groups).does(this::delete),
                ConsoleCommand.changing("accounts groups members add", "make a user an auxiliary member of a group")
                        .argument(GROUP, groups).argument(USER, users.usernames()).does(this::addMember),
                ConsoleCommand.changing("accounts groups members remove", "remove a user's auxiliary membership")
                        .argument(GROUP, groups).argument(USER, users.usernames()).does(this::removeMember));
    }

    private Map<String, Object> json(Group g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", g.name());
        m.put("gid", g.gid());
        m.put("builtin", g.builtin());
        m.put("members", accounts.members(g.name()));
        return m;
    }

    private void list(Invocation in) {
        List<Group> groups = accounts.groups();
        if (in.json()) {
            in.printJson(groups.stream().map(this::json).toList());
            return;
        }
        TextTable table = new TextTable("GROUP", "GID", "BUILTIN", "MEMBERS");
        groups.forEach(g -> table.row(g.name(), g.gid(), TextTable.yesNo(g.builtin()),
                TextTable.orDash(String.join(",", accounts.members(g.name())))));
        table.print(in.out());
    }

    private void show(Invocation in) {
        Group group = accounts.requireGroup(in.get(GROUP));
        if (in.json()) {
            in.printJson(json(group));
            return;
        }
        new TextTable("FIELD", "VALUE")
                .row("name", group.name())
                .row("gid", group.gid())
                .row("builtin", TextTable.yesNo(group.builtin()))
                .row("members", TextTable.orDash(String.join(",", accounts.members(group.name()))))
                .print(in.out());
    }

    private void add(Invocation in) {
        Group group = accounts.addGroup(in.actor(), in.get(NEW_GROUP), in.get(GID));
        in.out().println("group '" + group.name() + "' added with gid " + group.gid());
    }

    private void edit(Invocation in) {
        if (!in.has(NEW_NAME) && !in.has(NEW_GID)) {
            throw new UsageException("nothing to change; give --name NEW and/or --gid N");
        }
        Group group = accounts.editGroup(in.actor(), in.get(GROUP), in.get(NEW_NAME), in.get(NEW_GID));
        in.out().println("group '" + in.get(GROUP) + "' is now '" + group.name() + "' with gid " + group.gid());
    }

    private void delete(Invocation in) {
        accounts.deleteGroup(in.actor(), in.get(GROUP));
        in.out().println("group '" + in.get(GROUP) + "' deleted");
    }

    private void addMember(Invocation in) {
        accounts.addMember(in.actor(), in.get(GROUP), in.get(USER));
        in.out().println("'" + in.get(USER) + "' is now a member of '" + in.get(GROUP) + "'");
    }

    private void removeMember(Invocation in) {
        accounts.removeMember(in.actor(), in.get(GROUP), in.get(USER));
        in.out().println("'" + in.get(USER) + "' is no longer a member of '" + in.get(GROUP) + "'");
    }
}
