"""Item 1 of the security issue: the presigned URL is on no command line another user can read."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.system import browser, redirect_page
from tests.fixtures.browser import recorder_script
from tests.fixtures.other_user import OtherUser
from tests.fixtures.wait import wait_until

DOMAIN = "d-abc123def456"
CLICKS = 20

# Runs as the other user: reads every process's argv until told to stop, prints the hits.
POLLER = """
import os, sys, time
needle = (sys.argv[1] + sys.argv[2]).encode()  # never whole on its own argv
end = time.monotonic() + float(sys.argv[3])
hits = set()
print("ready", flush=True)
while time.monotonic() < end:
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    line = f.read()
            except OSError:
                continue
            if needle in line and line not in hits:
                hits.add(line)
                print("HIT", line.replace(b"\\0", b" ").decode(errors="replace"), flush=True)
"""


def test_other_user_polling_proc_sees_no_token_in_20_clicks(
    emulator: Emulator, other_user: OtherUser, tmp_path: Path
) -> None:
    """A second local user scanning every /proc/*/cmdline during 20 real clicks (emulator URLs,
    a browser that stays up for a while) never sees a token, and every URL still reaches the
    browser; the redirect pages are gone afterwards. Before the fix the URL was the browser's
    argv and the poller caught all of them."""
    emulator.add_domain(DOMAIN, "prod")
    emulator.add_user_profile(DOMAIN, "alice")
    got = tmp_path / "got.txt"
    slow = tmp_path / "slow-browser"
    recorder = recorder_script(tmp_path, got)
    slow.write_text(f'#!/bin/sh\n"{recorder}" "$1"\nsleep 0.5\n')
    slow.chmod(0o755)
    profile = Profile(name="prod", region="us-east-1", endpoint_url=emulator.url)
    config = Config(
        Path("config.toml"),
        Settings(browser=f"{slow} {{url}}"),
        {"prod": profile},  # type: ignore[arg-type]
        (Shortcut("lab", "prod", DOMAIN, "alice"),),
    )
    store = MemoryKeyStore({"prod": (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    launcher = Launcher(SessionProvider(store), opener=browser.open_url)
    # Every presigned URL carries "?token=" in its query; the poller looks for that.
    poller = other_user.popen(
        ["/usr/bin/python3", "-c", POLLER, "?tok", "en=", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert poller.stdout is not None
    assert poller.stdout.readline().strip() == "ready", poller.stderr
    for _ in range(CLICKS):
        launcher.open(config, config.shortcuts[0])
        time.sleep(0.2)
    wait_until(lambda: len(got.read_text().split()) >= CLICKS if got.exists() else False, 30)
    time.sleep(1)
    poller.terminate()
    out, err = poller.communicate(timeout=30)
    assert "HIT" not in out, out
    urls = got.read_text().split()
    assert len(urls) == CLICKS and all("?token=" in url for url in urls)
    folder = redirect_page.pages_dir()
    wait_until(lambda: not list(folder.iterdir()), 10)
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
