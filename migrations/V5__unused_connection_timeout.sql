-- UnusedConnectionTimeout (issue 14): the column of the unused-connection-timeout setting. NULL reads as
-- the setting's default (none), declared once in settings.SshSetting.
ALTER TABLE ssh_settings ADD COLUMN unused_connection_timeout TEXT;
