package io.portcullis.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file's {@code unix:*} attributes with the owner's and group's names looked up once per id, not per
 * file. The JDK asks the name service (getpwuid, getgrgid: /etc/passwd, /etc/group and systemd's userdb,
 * some hundred system calls) for every file it stats, though an SFTP v3 reply carries the numbers only;
 * OpenSSH's sftp-server keeps the names it has looked up for its session too. One per session's file
 * system; ids beyond {@link #MAX_IDS} are looked up each time.
 */
final class OwnerNames {

    static final int MAX_IDS = 256;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    /** {@code unix:*} without owner and group, which the JDK resolves to names. */
    static final String NUMBERS = "unix:size,lastModifiedTime,lastAccessTime,creationTime,isRegularFile,isDirectory,"
            + "isSymbolicLink,isOther,fileKey,permissions,mode,ino,dev,rdev,nlink,uid,gid,ctime";

    private final Map<Integer, UserPrincipal> owners = new ConcurrentHashMap<>();
    private final Map<Integer, GroupPrincipal> groups = new ConcurrentHashMap<>();

    /** What {@code Files.readAttributes(file, "unix:*", NOFOLLOW_LINKS)} answers, from {@code file} (a host path). */
    Map<String, Object> withNames(Path file) throws IOException {
        Map<String, Object> attributes = new HashMap<>(Files.readAttributes(file, NUMBERS, NOFOLLOW));
        int uid = (Integer) attributes.get("uid");
        int gid = (Integer) attributes.get("gid");
        UserPrincipal owner = owners.get(uid);
        GroupPrincipal group = groups.get(gid);
        if (owner == null || group == null) {
            Map<String, Object> names = Files.readAttributes(file, "unix:owner,group,uid,gid", NOFOLLOW);
            if ((Integer) names.get("uid") != uid || (Integer) names.get("gid") != gid) {
                return Files.readAttributes(file, "unix:*", NOFOLLOW); // changed between the two reads
            }
            owner = (UserPrincipal) names.get("owner");
            group = (GroupPrincipal) names.get("group");
            if (owners.size() < MAX_IDS) {
                owners.putIfAbsent(uid, owner);
            }
            if (groups.size() < MAX_IDS) {
                groups.putIfAbsent(gid, group);
            }
        }
        attributes.put("owner", owner);
        attributes.put("group", group);
        return attributes;
    }
}
