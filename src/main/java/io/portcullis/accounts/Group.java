package io.portcullis.accounts;

/** A group (SPEC §4): gid, name, and whether it is builtin (not deletable). */
public record Group(long id, int gid, String name, boolean builtin) {
}
