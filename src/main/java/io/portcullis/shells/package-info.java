/**
 * The account shells (SPEC §4, Shells): a full login shell on a terminal or on pipes, scponly, nologin,
 * each an {@link io.portcullis.ssh.AccountShell} the SSH channels pick by the account's configured shell.
 *
 * <p>A login shell on a terminal needs a pseudo-terminal library (pty4j). This package asks for one
 * through {@link io.portcullis.shells.PseudoTerminals} and the app layer's {@code Pty4jTerminals} provides
 * it, so that nothing below the console layer depends on pty4j (the build's ArchUnit rules check it): the
 * library is a fact of the platform, chosen where the appliance is put together.
 */
package io.portcullis.shells;
