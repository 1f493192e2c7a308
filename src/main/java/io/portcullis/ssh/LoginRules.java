package io.portcullis.ssh;

import io.portcullis.ssh.sshdconfig.AuxParameters;

/** The saved SSH settings and auxiliary parameters that decide who may log in and how. */
public record LoginRules(SshSettings settings, AuxParameters aux) {
}
