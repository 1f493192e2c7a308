package io.portcullis.console;

import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.UserKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@code accounts users keys} (SPEC §4): a user's SSH public keys. */
@Component
class UserKeyCommands implements CommandSet {

    /** To the minute for a person; {@code --json} keeps the full instant. */
    private static final java.time.format.DateTimeFormatter ADDED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneOffset.UTC);

    private final Accounts accounts;
    private final UserCommands users;

    UserKeyCommands(Accounts accounts, UserCommands users) {
        this.accounts = accounts;
        this.users = users;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ArgumentSpec name = ArgumentSpec.of("NAME", "the username", users.usernames());
        return List.of(
                ConsoleCommand.reading("accounts users keys list", "a user's public keys with their fingerprints")
                        .argument(name).options(OptionSpec.JSON).does(this::list),
                ConsoleCommand.changing("accounts users keys add", "add an authorized_keys line to a user")
                        .argument(name)
                        .argument(ArgumentSpec.rest("KEYLINE", "'type base64 [comment]', as in ~/.ssh/id_ed25519.pub"))
                        .does(this::add),
                ConsoleCommand.changing("accounts users keys remove", "remove a user's key by its fingerprint")
                        .argument(name)
                        .argument(ArgumentSpec.of("FINGERPRINT", "SHA256:..., as 'accounts users keys list' shows it",
                                typed -> typed.isEmpty() ? List.of() : fingerprints(typed.get(0))))
                        .does(this::remove));
    }

    private List<String> fingerprints(String username) {
        return accounts.find(username).map(u -> accounts.keys(u.username()).stream().map(UserKey::fingerprint).toList())
                .orElse(List.of());
    }

    static Map<String, Object> json(UserKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", key.keyType());
        m.put("fingerprint", key.fingerprint());
        m.put("comment", key.comment());
        m.put("addedAt", key.addedAt().toString());
        return m;
    }

    private void list(Invocation in) {
        List<UserKey> keys = accounts.keys(in.argument(0));
        if (in.json()) {
            in.printJson(keys.stream().map(UserKeyCommands::json).toList());
            return;
        }
        TextTable table = new TextTable("TYPE", "FINGERPRINT", "ADDED (UTC)", "COMMENT");
        keys.forEach(k -> table.row(k.keyType(), k.fingerprint(), ADDED.format(k.addedAt()), TextTable.orDash(k.comment())));
        table.print(in.out());
    }

    private void add(Invocation in) {
        UserKey key = accounts.addKey(in.actor(), in.argument(0), in.argument(1));
        in.out().println("key added to '" + in.argument(0) + "': " + key.keyType() + " " + key.fingerprint()
                + (key.comment().isEmpty() ? "" : " " + key.comment()));
    }

    private void remove(Invocation in) {
        accounts.removeKey(in.actor(), in.argument(0), in.argument(1));
        in.out().println("key " + in.argument(1) + " removed from '" + in.argument(0) + "'");
    }
}
