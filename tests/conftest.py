"""Shared fixtures live in tests/fixtures/, one plugin module per feature."""

pytest_plugins = [
    "tests.fixtures.env",
    "tests.fixtures.emulator",
    "tests.fixtures.app_log",
    "tests.fixtures.keyring",
    "tests.fixtures.display",
    "tests.fixtures.cli",
    "tests.fixtures.aws_cli",
    "tests.fixtures.other_user",
    "tests.fixtures.sso",
    "tests.fixtures.settings_window",
]
