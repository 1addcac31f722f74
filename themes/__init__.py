"""The themes shipped with tui-sms, as Textual theme TOML files; installed as tui_sms.themes."""
