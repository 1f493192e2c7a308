package io.portcullis.conf;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The machine configuration in force. What is read per connection, login or line (Kerberos, the syslog
 * endpoint, the penalty exemptions and channel cap at the next service start) is read from here when it is
 * used, so that a re-read of portcullis.conf ({@code systemctl reload}) can put a new one in at once, whole;
 * what only a start can apply (the console device, the id range, the userdb directory) is read once.
 */
public final class CurrentConf {

    private final AtomicReference<ApplianceConf> conf;

    public CurrentConf(ApplianceConf conf) {
        this.conf = new AtomicReference<>(Objects.requireNonNull(conf));
    }

    public ApplianceConf get() {
        return conf.get();
    }

    /** Puts a newly parsed configuration in force; returns the one it replaces. */
    public ApplianceConf replace(ApplianceConf next) {
        return conf.getAndSet(Objects.requireNonNull(next));
    }
}
