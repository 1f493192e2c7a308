-- ChannelTimeout (issue 14): the column of the channel-timeout setting. NULL reads as the setting's
-- default (none), declared once in settings.SshSetting.
ALTER TABLE ssh_settings ADD COLUMN channel_timeout TEXT;
