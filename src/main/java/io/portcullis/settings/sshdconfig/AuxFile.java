package io.portcullis.settings.sshdconfig;

import java.nio.file.Path;

/** A file an auxiliary parameter names by its absolute path, and the line that names it (for its problems). */
public record AuxFile(Path path, int line) {
}
