package io.portcullis.host;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@link HostAccounts} through glibc's reentrant getpwuid_r, getgrgid_r, getpwnam_r and getgrnam_r, so every
 * source in /etc/nsswitch.conf answers, as for {@code getent passwd UID}.
 */
@Component
public class NssHostAccounts implements HostAccounts {

    interface LibC extends Library {
        int getpwuid_r(int uid, Pointer pwd, Pointer buf, NativeLong buflen, PointerByReference result);

        int getgrgid_r(int gid, Pointer grp, Pointer buf, NativeLong buflen, PointerByReference result);

        int getpwnam_r(String name, Pointer pwd, Pointer buf, NativeLong buflen, PointerByReference result);

        int getgrnam_r(String name, Pointer grp, Pointer buf, NativeLong buflen, PointerByReference result);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);
    private static final int ENOENT = 2;
    private static final int ESRCH = 3;
    private static final int ERANGE = 34;
    /** struct passwd and struct group on LP64: the name pointer first; pw_uid and gr_gid both at offset 16. */
    private static final int ENTRY_BYTES = 64;
    private static final int ID_OFFSET = 16;
    private static final int MAX_BUFFER = 1 << 20;

    /** One lookup: fills {@code entry} using {@code buffer}, returns 0 or an errno. */
    private interface Lookup {
        int run(Pointer entry, Pointer buffer, NativeLong size, PointerByReference result);
    }

    /** What a found entry holds that Portcullis needs: its name and its id. */
    private record Entry(String name, int id) {
    }

    @Override
    public Optional<String> userWithUid(int uid) {
        return lookup((e, b, n, r) -> LIBC.getpwuid_r(uid, e, b, n, r)).map(Entry::name);
    }

    @Override
    public Optional<String> groupWithGid(int gid) {
        return lookup((e, b, n, r) -> LIBC.getgrgid_r(gid, e, b, n, r)).map(Entry::name);
    }

    @Override
    public Optional<Integer> uidOfUser(String name) {
        return lookup((e, b, n, r) -> LIBC.getpwnam_r(name, e, b, n, r)).map(Entry::id);
    }

    @Override
    public Optional<Integer> gidOfGroup(String name) {
        return lookup((e, b, n, r) -> LIBC.getgrnam_r(name, e, b, n, r)).map(Entry::id);
    }

    /**
     * Runs the lookup with a growing buffer (a group with many members needs more). A source that fails
     * (an LDAP server away) is an error, not "free": handing out an id the host may use is worse than failing.
     */
    private static Optional<Entry> lookup(Lookup lookup) {
        for (int size = 16 * 1024; ; size *= 2) {
            Memory entry = new Memory(ENTRY_BYTES);
            Memory buffer = new Memory(size);
            PointerByReference result = new PointerByReference();
            int error = lookup.run(entry, buffer, new NativeLong(size), result);
            if (error == ERANGE && size < MAX_BUFFER) {
                continue;
            }
            if (error != 0 && error != ENOENT && error != ESRCH) {
                throw new NameServiceException("the host's name service (NSS) did not answer (errno " + error
                        + "); check the sources in /etc/nsswitch.conf and try again");
            }
            Pointer found = result.getValue();
            return found == null ? Optional.empty()
                    : Optional.of(new Entry(found.getPointer(0).getString(0), found.getInt(ID_OFFSET)));
        }
    }
}
