package io.portcullis.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portcullis.accounts.AccountException;
import io.portcullis.host.RefusedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options and arguments are read back by the objects that declare them, as the types they declare. */
class ConsoleLineParserTest {

    static final Argument NAME = Argument.of("NAME", "a name");
    static final Option<Integer> COUNT = Option.number("count", "N", "how many");
    static final Option<Boolean> ENABLED = Option.bool("enabled", "on or off");
    static final Option<List<String>> GROUPS = Option.names("groups", "G,G", "groups");
    static final Option<String> SECRET = Option.secret("secret", "S", "a password");
    static final Option<String> COLOUR = Option.choice("colour", "C", "a colour", List.of("red", "green"));
    static final Option<String> UNDECLARED = Option.text("undeclared", "S", "declared by no command");

    static final ConsoleCommand TRY = ConsoleCommand.changing("things try", "try a thing").argument(NAME)
            .options(COUNT, ENABLED, GROUPS, SECRET, COLOUR, Option.YES).does(in -> { });
    static final ConsoleLineParser PARSER = new ConsoleLineParser(new CommandCatalog(List.of(() -> List.of(TRY))));

    static Invocation invocation(String line) {
        return new Invocation(PARSER.parse(line), null);
    }

    @Test
    void valuesComeBackTypedAndCanonical() {
        Invocation in = invocation("things try bob --count ' 7' --enabled YES --groups 'a, b,,' --colour GREEN --yes");
        assertThat(in.get(NAME)).isEqualTo("bob");
        assertThat(in.get(COUNT)).contains(7);
        assertThat(in.get(ENABLED)).contains(true);
        assertThat(in.get(GROUPS)).contains(List.of("a", "b"));
        assertThat(in.get(COLOUR)).contains("green");
        assertThat(in.has(Option.YES)).isTrue();
        assertThat(in.get(SECRET)).isEmpty();
        assertThat(invocation("things try bob --groups ''").get(GROUPS)).contains(List.of());
    }

    @Test
    void anOptionTheCommandDoesNotDeclareIsABugNotAnEmptyValue() {
        Invocation in = invocation("things try bob");
        assertThatThrownBy(() -> in.get(UNDECLARED)).isInstanceOf(IllegalStateException.class)
                .hasMessage("things try reads --undeclared, which it does not declare");
        assertThatThrownBy(() -> in.has(Option.JSON)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> in.get(Argument.of("OTHER", "declared by no command")))
                .hasMessage("things try reads OTHER, which it does not declare");
    }

    @Test
    void theLogHasCanonicalValuesAndNoSecret() {
        ConsoleLine line = PARSER.parse("things try 'bob smith' --secret hunter2 --enabled on --count 007");
        assertThat(CommandLog.describe(TRY, line)).isEqualTo("things try 'bob smith' --secret ******** --enabled true"
                + " --count 7");
        assertThat(CommandLog.describe(TRY, PARSER.parse("things try --help --secret hunter2")))
                .isEqualTo("things try --help");
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheOptionBeforeAnythingRuns() {
        assertThatThrownBy(() -> PARSER.parse("things try bob --count many")).isInstanceOf(UsageException.class)
                .hasMessage("things try: --count 'many': give a whole number");
        assertThatThrownBy(() -> PARSER.parse("things try bob --colour blue"))
                .hasMessage("things try: --colour 'blue': choose one of red, green");
        assertThatThrownBy(() -> PARSER.parse("things try bob --yes --yes"))
                .hasMessage("things try: --yes is given twice; give it once");
        assertThatThrownBy(() -> PARSER.parse("things try bob --yes=no"))
                .hasMessage("things try: --yes takes no value");
    }

    @Test
    void everyRefusalCarriesItsExitStatus() {
        assertThat(new UsageException("x").exitStatus()).isEqualTo(ConsoleSession.USAGE).isEqualTo(2);
        assertThat(new CommandCancelledException().exitStatus()).isEqualTo(ConsoleSession.FAILED).isEqualTo(1);
        RefusedException capability = new AccountException("no user named 'x'");
        assertThat(capability.exitStatus()).isEqualTo(1);
    }

    @Test
    void aCommandDeclaresEachOptionOnce() {
        assertThatThrownBy(() -> ConsoleCommand.reading("things show", "show").options(Option.JSON, Option.JSON))
                .isInstanceOf(IllegalStateException.class).hasMessage("'things show' declares --json twice");
        assertThatThrownBy(() -> ConsoleCommand.reading("things show", "show")
                .options(Option.text("json", "S", "not the flag"), Option.JSON))
                .hasMessage("'things show' declares --json twice");
    }
}
