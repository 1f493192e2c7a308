package io.portcullis.console;

import java.util.List;

/** The commands of one menu (services, ssh, accounts ...); each menu is a Spring bean. */
interface CommandSet {
    List<ConsoleCommand> commands();
}
