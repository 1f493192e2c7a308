package io.portcullis.console;

import io.portcullis.accounts.AccountRules;
import io.portcullis.accounts.Accounts;
import io.portcullis.accounts.AuthorizedKeysFile;
import io.portcullis.accounts.User;
import io.portcullis.accounts.UserKey;
import io.portcullis.settings.SshConfiguration;
import java.util.ArrayList;
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

    /** The user, as {@code accounts users} names it. */
    private static final Argument NAME = UserCommands.NAME;
    private static final Argument KEYLINE = Argument.rest("KEYLINE", "'type base64 [comment]', as in"
            + " ~/.ssh/id_ed25519.pub");
    private static final Argument FINGERPRINT = Argument.of("FINGERPRINT", "SHA256:..., as 'accounts users keys list'"
            + " shows it");

    private final Accounts accounts;
    private final UserCommands users;
    private final SshConfiguration configuration;

    UserKeyCommands(Accounts accounts, UserCommands users, SshConfiguration configuration) {
        this.accounts = accounts;
        this.users = users;
        this.configuration = configuration;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ValueSource usernames = users.usernames();
        return List.of(
                ConsoleCommand.reading("accounts users keys list", "a user's public keys with their fingerprints, from"
                        + " the database and the user's own authorized_keys")
                        .argument(NAME, usernames).options(Option.JSON)
                        .details("SOURCE says where each key is: 'database' (accounts users keys add) or the file and"
                                + " line in the user's home (AuthorizedKeysFile, default .ssh/authorized_keys), which"
                                + " the user manages, e.g. with ssh-copy-id. A file that is ignored (StrictModes) or has"
                                + " lines that are not keys is named below the table.")
                        .does(this::list),
                ConsoleCommand.changing("accounts users keys add", "add an authorized_keys line to a user")
                        .argument(NAME, usernames).argument(KEYLINE).does(this::add),
                ConsoleCommand.changing("accounts users keys remove", "remove a user's key by its fingerprint")
                        .argument(NAME, usernames)
                        .argument(FINGERPRINT, typed -> typed.isEmpty() ? List.of() : fingerprints(typed.get(0)))
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
        User user = accounts.require(in.get(NAME));
        List<UserKey> keys = accounts.keys(user.username());
        List<AuthorizedKeysFile.Reading> files = accounts.homeKeys(user,
                configuration.savedAux().authorizedKeysFileOrDefault());
        if (in.json()) {
            List<Map<String, Object>> all = new ArrayList<>();
            keys.forEach(k -> {
                Map<String, Object> m = json(k);
                m.put("source", "database");
                all.add(m);
            });
            files.forEach(f -> f.keys().forEach(k -> all.add(json(f, k))));
            in.printJson(all);
            return;
        }
        TextTable table = new TextTable("TYPE", "FINGERPRINT", "SOURCE", "ADDED (UTC)", "OPTIONS", "COMMENT");
        keys.forEach(k -> table.row(k.keyType(), k.fingerprint(), "database", ADDED.format(k.addedAt()), "-",
                TextTable.orDash(k.comment())));
        files.forEach(f -> f.keys().forEach(k -> table.row(k.key().keyType(), k.key().fingerprint(),
                f.file() + ":" + k.line(), "-", TextTable.orDash(AccountRules.printable(k.options().text())),
                TextTable.orDash(k.key().comment()))));
        table.print(in.out());
        files.forEach(f -> f.problems().forEach(p -> in.out().println("note: " + p)));
    }

    private static Map<String, Object> json(AuthorizedKeysFile.Reading file, AuthorizedKeysFile.FileKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", key.key().keyType());
        m.put("fingerprint", key.key().fingerprint());
        m.put("comment", key.key().comment());
        m.put("source", "file");
        m.put("file", file.file().toString());
        m.put("line", key.line());
        m.put("options", key.options().text());
        return m;
    }

    private void add(Invocation in) {
        UserKey key = accounts.addKey(in.actor(), in.get(NAME), in.get(KEYLINE));
        in.out().println("key added to '" + in.get(NAME) + "': " + key.keyType() + " " + key.fingerprint()
                + (key.comment().isEmpty() ? "" : " " + key.comment()));
    }

    private void remove(Invocation in) {
        accounts.removeKey(in.actor(), in.get(NAME), in.get(FINGERPRINT));
        in.out().println("key " + in.get(FINGERPRINT) + " removed from '" + in.get(NAME) + "'");
    }
}
