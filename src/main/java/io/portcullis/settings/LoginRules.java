package io.portcullis.settings;

import io.portcullis.settings.sshdconfig.AuxParameters;

/** The saved SSH settings and auxiliary parameters that decide who may log in and how. */
public record LoginRules(SshSettings settings, AuxParameters aux) {
}
