package io.portcullis.console;

import io.portcullis.keypairs.KeyType;
import io.portcullis.keypairs.Keypair;
import io.portcullis.keypairs.KeypairException;
import io.portcullis.keypairs.Keypairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code ssh keypairs} (SPEC §5): the appliance's keypairs for logging in to other SSH servers. Only
 * public keys and fingerprints are ever shown; a private key comes in from a file or standard input.
 */
@Component
class KeypairCommands implements CommandSet {

    /** More than a 16384-bit RSA private key needs. */
    private static final int MAX_KEY_BYTES = 64 * 1024;

    private static final Argument NAME = Argument.of("NAME", "the keypair");
    private static final Argument NEW_NAME = Argument.of("NAME", "a new keypair's name: letters, digits, '.', '_',"
            + " '-'");
    private static final Option<String> TYPE = Option.choice("type", "ed25519|ecdsa|rsa", "the key type (default"
            + " ed25519)", KeyType.names());
    private static final Option<Integer> BITS = Option.number("bits", "N", "ecdsa: 256, 384 or 521 (default 256); rsa:"
            + " 2048 to 16384 (default 3072)");
    private static final Option<String> PRIVATE_KEY_FILE = Option.text("private-key-file", "PATH", "a file on the"
            + " appliance holding the private key; without it the key is read from standard input");
    private static final Option<String> PUBLIC_KEY = Option.text("public-key", "KEYLINE", "the public key the private"
            + " key must match ('type base64 [comment]'); a mismatch is refused");

    private final Keypairs keypairs;

    KeypairCommands(Keypairs keypairs) {
        this.keypairs = keypairs;
    }

    @Override
    public List<ConsoleCommand> commands() {
        ValueSource names = ValueSource.live(keypairs::names);
        return List.of(
                ConsoleCommand.reading("ssh keypairs list", "the keypairs with their types and fingerprints")
                        .options(Option.JSON).does(this::list),
                ConsoleCommand.reading("ssh keypairs show", "a keypair's public key and SHA256 fingerprint")
                        .argument(NAME, names).options(Option.JSON)
                        .details("The private key is never shown. Add the public key line to the authorized keys of"
                                + " the remote account a connection logs in as.")
                        .does(this::show),
                ConsoleCommand.changing("ssh keypairs generate", "make a new keypair (ed25519 unless --type says)")
                        .argument(NEW_NAME).options(TYPE, BITS).does(this::generate),
                ConsoleCommand.changing("ssh keypairs import", "keep an existing private key; its public part is"
                                + " derived")
                        .argument(NEW_NAME).options(PRIVATE_KEY_FILE, PUBLIC_KEY)
                        .details("""
                                The key must be unencrypted, in OpenSSH or PEM form (ed25519, ecdsa or rsa). From a
                                script:  ssh admin@host 'ssh keypairs import backup' < id_ed25519
                                On a terminal without --private-key-file, paste the key (it is not shown).""")
                        .does(this::importKey),
                ConsoleCommand.changing("ssh keypairs delete", "delete a keypair no connection uses")
                        .argument(NAME, names).does(this::delete));
    }

    static Map<String, Object> json(Keypair k, List<String> usedBy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", k.name());
        m.put("type", k.type());
        m.put("bits", k.bits());
        m.put("fingerprint", k.fingerprint());
        m.put("publicKey", k.authorizedKeysLine());
        m.put("createdAt", k.createdAt().toString());
        m.put("usedBy", usedBy);
        return m;
    }

    private void list(Invocation in) {
        List<Keypair> all = keypairs.list();
        if (in.json()) {
            in.printJson(all.stream().map(k -> json(k, keypairs.usedBy(k.name()))).toList());
            return;
        }
        TextTable table = new TextTable("NAME", "TYPE", "BITS", "FINGERPRINT", "USED BY");
        all.forEach(k -> table.row(k.name(), k.type(), k.bits(), k.fingerprint(),
                TextTable.orDash(String.join(",", keypairs.usedBy(k.name())))));
        table.print(in.out());
    }

    private void show(Invocation in) {
        Keypair k = keypairs.require(in.get(NAME));
        List<String> usedBy = keypairs.usedBy(k.name());
        if (in.json()) {
            in.printJson(json(k, usedBy));
            return;
        }
        in.out().println("name:        " + k.name());
        in.out().println("type:        " + k.type() + " (" + k.bits() + " bits)");
        in.out().println("fingerprint: " + k.fingerprint());
        in.out().println("created:     " + k.createdAt());
        in.out().println("used by:     " + TextTable.orDash(String.join(", ", usedBy)));
        in.out().println("public key:");
        in.out().println(k.authorizedKeysLine());
    }

    private void generate(Invocation in) {
        KeyType type = KeyType.of(in.get(TYPE).orElse("ed25519"));
        Keypair k = keypairs.generate(in.actor(), in.get(NEW_NAME), type, in.get(BITS).orElse(null));
        in.out().println("keypair '" + k.name() + "' generated: " + k.type() + " " + k.bits() + " " + k.fingerprint());
        in.out().println(k.authorizedKeysLine());
    }

    private void importKey(Invocation in) {
        String name = in.get(NEW_NAME);
        String text = in.get(PRIVATE_KEY_FILE).map(KeypairCommands::readKeyFile)
                .orElseGet(() -> in.ask().privateKeyText(MAX_KEY_BYTES));
        Keypair k = keypairs.importKey(in.actor(), name, text, in.get(PUBLIC_KEY));
        in.out().println("keypair '" + k.name() + "' imported: " + k.type() + " " + k.bits() + " " + k.fingerprint());
        in.out().println(k.authorizedKeysLine());
    }

    private static String readKeyFile(String path) {
        Path file = Path.of(path);
        try {
            if (!Files.isRegularFile(file)) {
                throw new KeypairException("--private-key-file " + path + ": no such file on the appliance; give the"
                        + " path of a file the appliance can read, or send the key on standard input");
            }
            if (Files.size(file) > MAX_KEY_BYTES) {
                throw new KeypairException("--private-key-file " + path + ": larger than " + MAX_KEY_BYTES
                        + " bytes, so not a private key file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new KeypairException("--private-key-file " + path + ": cannot be read (" + e.getClass().getSimpleName()
                    + "); check its permissions");
        }
    }

    private void delete(Invocation in) {
        keypairs.delete(in.actor(), in.get(NAME));
        in.out().println("keypair '" + in.get(NAME) + "' deleted");
    }

}
