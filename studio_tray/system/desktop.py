"""Small desktop actions for the tray: create the config from a template, open a file.

Each OS call sits in one function that tests (or other platforms) can replace.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from studio_tray.system import frozen

log = logging.getLogger(__name__)

CONFIG_TEMPLATE = """\
# studio-tray config. Each [[shortcuts]] entry becomes a menu item; after saving, choose
# "Reload config" in the tray menu. Full reference: `studio-tray --help` and the README.
#
# [settings]
# expires_in = 30                  # seconds each fresh URL is valid (5..300)
# session_duration = 43200         # Studio session length in seconds (1800..43200)
# browser = ""                     # "" = default browser; or a command with {url}
# picker_hotkey = "<ctrl>+<alt>+s"
#
# [profiles.prod]                  # keys go in the OS keyring: `studio-tray profile add prod`
# region = "us-east-1"
#
# [[shortcuts]]
# name = "Prod - alice - lab"
# profile = "prod"
# domain_id = "d-abc123def456"
# user_profile = "alice"
# space = "alice-lab"              # optional
# group = "Prod"                   # optional: puts it in a submenu
"""


def ensure_config_file(path: Path) -> bool:
    """Create ``path`` from the commented template when missing; True when it was created."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(CONFIG_TEMPLATE)
    return True


def open_path(path: Path) -> None:
    """Open ``path`` with the desktop's default application (editor, log viewer...)."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]  # noqa: S606 - the OS's own opener
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    spawn([opener, str(path)])


def spawn(argv: list[str]) -> subprocess.Popen[bytes]:
    """Start ``argv`` detached from our stdio; a thread reaps it so it leaves no zombie."""
    proc = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=sys.platform != "win32",
        env=frozen.child_env(),
    )
    threading.Thread(target=proc.wait, name=f"reap-{proc.pid}", daemon=True).start()
    return proc
