package io.portcullis.ssh;

import io.portcullis.audit.AuditLog.Actor;
import io.portcullis.audit.AuditLog;
import io.portcullis.audit.SyslogSender;
import io.portcullis.files.TransferLog;
import io.portcullis.settings.SftpLogLevel;
import io.portcullis.settings.SshConfiguration;
import io.portcullis.settings.SshSetting;
import io.portcullis.settings.SshSettings;
import io.portcullis.settings.SyslogFacility;
import java.util.Locale;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link TransferLog} of each SFTP and scp channel (SPEC §8). The SFTP Log Level and Facility
 * are read when the channel starts, so a change applies to the next session without a restart, as
 * login rules do. Each line, {@code user NAME from ADDRESS: OPERATION}, goes
 * <ul>
 *   <li>to the log file (logger {@code io.portcullis.sftp} or {@code io.portcullis.scp}), prefixed with
 *       {@code facility.severity};</li>
 *   <li>to the audit table as kind {@code transfer}, up to VERBOSE: DEBUG lines come one per read or
 *       write request, too many for a table that keeps everything;</li>
 *   <li>to syslog, when {@code syslog.endpoint} is set, as RFC 5424 with MSGID {@code sftp} or
 *       {@code scp}: a legacy {@code scp -O} is a file transfer an administrator watching syslog expects
 *       to see as much as one over SFTP (modern scp is SFTP already).</li>
 * </ul>
 */
@Component
public class TransferLogs {

    private static final Logger log = LoggerFactory.getLogger(TransferLogs.class);
    public static final String AUDIT_KIND = "transfer";

    private final SshConfiguration configuration;
    private final AuditLog audit;
    private final SyslogSender syslog;

    public TransferLogs(SshConfiguration configuration, AuditLog audit, SyslogSender syslog) {
        this.configuration = configuration;
        this.audit = audit;
        this.syslog = syslog;
    }

    /** The log of one channel; {@code protocol} is {@code sftp} or {@code scp}. */
    public TransferLog forChannel(ChannelSession channel, String protocol) {
        // a hand-edited field that does not parse takes its default, as logins do; 'ssh show' names it
        SshSettings settings = configuration.savedOrDefaults();
        Actor actor = SshSessions.actor(channel.getSession(), channel.getSession().getUsername());
        return new ChannelTransferLog(actor, protocol, settings.get(SshSetting.SFTP_LOG_LEVEL), settings.get(SshSetting.SFTP_LOG_FACILITY));
    }

    private final class ChannelTransferLog implements TransferLog {
        private final Actor actor;
        private final String protocol;
        private final SftpLogLevel level;
        private final SyslogFacility facility;
        private final Logger file;

        ChannelTransferLog(Actor actor, String protocol, SftpLogLevel level, SyslogFacility facility) {
            this.actor = actor;
            this.protocol = protocol;
            this.level = level;
            this.facility = facility;
            this.file = LoggerFactory.getLogger("io.portcullis." + protocol);
        }

        @Override
        public boolean logs(SftpLogLevel lineLevel) {
            return level.includes(lineLevel);
        }

        @Override
        public void write(SftpLogLevel lineLevel, String action, String detail, boolean failed) {
            if (!logs(lineLevel)) {
                return;
            }
            try {
                String operation = detail.isEmpty() ? action : action + " " + detail;
                String line = "user " + actor.name() + " from " + actor.address() + ": " + operation;
                int severity = lineLevel.syslogSeverity();
                String tag = facility.name().toLowerCase(Locale.ROOT) + "." + severityName(severity);
                // the file gets every line the SFTP Log Level lets through, whatever logback's level for DEBUG
                if (severity <= 3) {
                    file.error("{} {}", tag, line);
                } else {
                    file.info("{} {}", tag, line);
                }
                if (SftpLogLevel.VERBOSE.includes(lineLevel)) {
                    audit.recordInTableOnly(actor, AUDIT_KIND, protocol + " " + action, detail, failed ? "failed" : "ok");
                }
                syslog.send(facility.code(), severity, protocol, line);
            } catch (RuntimeException e) {
                // a transfer goes on whatever happens to its log line
                log.warn("could not log a {} line of {}: {}", protocol, actor.name(), e.toString());
            }
        }
    }

    static String severityName(int severity) {
        return switch (severity) {
            case 0 -> "emerg";
            case 1 -> "alert";
            case 2 -> "crit";
            case 3 -> "err";
            case 4 -> "warning";
            case 5 -> "notice";
            case 6 -> "info";
            default -> "debug";
        };
    }
}
