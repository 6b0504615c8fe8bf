"""The demo: the embedded emulator, in-memory demo keys and a few shortcuts.

It touches neither the user's config file nor the keyring, and needs no AWS account.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlsplit

from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.emulator import DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY, Emulator
from studio_tray.model import Config, Profile, Settings, Shortcut
from studio_tray.system.browser import open_url

DEMO_PROFILE = "demo"
DEMO_DOMAIN = "d-demo00000001"
DEMO_REGION = "us-east-1"
NOT_FOUND_HINT = (
    "this demo shortcut fails on purpose (its space does not exist); the other demo shortcuts "
    'open, e.g. `studio-tray demo --print "Demo - alice - lab"`'
)


def demo_shortcuts() -> tuple[Shortcut, ...]:
    """The demo's shortcuts; the last one fails on purpose, to show how errors look."""
    common = {"profile": DEMO_PROFILE, "domain_id": DEMO_DOMAIN, "user_profile": "alice"}
    return (
        Shortcut(
            name="Demo - alice - lab", space="alice-lab", landing_uri="app:JupyterLab:", **common
        ),
        Shortcut(name="Demo - alice - Studio home", landing_uri="studio::", **common),
        Shortcut(
            name="Demo - team - code",
            space="team-code",
            landing_uri="app:CodeEditor:",
            group="Team",
            **common,
        ),
        Shortcut(
            name="Demo - broken (no such space)", space="no-such-space", group="Team", **common
        ),
    )


def seed(emulator: Emulator) -> None:
    """Put the demo account into ``emulator``: one domain, alice, a private and a shared space."""
    emulator.add_domain(DEMO_DOMAIN, "demo")
    emulator.add_user_profile(DEMO_DOMAIN, "alice")
    emulator.add_space(DEMO_DOMAIN, "alice-lab", owner="alice", app_type="JupyterLab")
    emulator.add_space(DEMO_DOMAIN, "team-code", sharing="Shared", app_type="CodeEditor")


@dataclass
class DemoEnv:
    """A running demo: its emulator, config, sessions and launcher. ``close()`` stops it."""

    emulator: Emulator
    config: Config
    sessions: SessionProvider
    launcher: Launcher
    workdir: tempfile.TemporaryDirectory[str] = field(repr=False)

    def close(self) -> None:
        """Stop the emulator and remove the demo's temporary folder."""
        self.emulator.stop()
        self.workdir.cleanup()


def start_demo(port: int = 0, browser: str = "") -> DemoEnv:
    """Start the embedded emulator with the demo account and return the demo's parts."""
    emulator = Emulator({DEMO_ACCESS_KEY_ID: DEMO_SECRET_ACCESS_KEY}, port=port).start()
    seed(emulator)
    workdir = tempfile.TemporaryDirectory(prefix="studio-tray-demo-")
    profile = Profile(name=DEMO_PROFILE, region=DEMO_REGION, endpoint_url=emulator.url)
    config = Config(
        path=Path(workdir.name) / "demo-config.toml",
        settings=Settings(browser=browser, picker_hotkey=""),
        profiles=MappingProxyType({DEMO_PROFILE: profile}),
        shortcuts=demo_shortcuts(),
    )
    store = MemoryKeyStore({DEMO_PROFILE: (DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY)})
    sessions = SessionProvider(store)
    return DemoEnv(
        emulator, config, sessions, Launcher(sessions, open_url, NOT_FOUND_HINT), workdir
    )


def wait_until_used(emulator: Emulator, url: str, poll: float = 0.2) -> bool:
    """Block until the URL's sign-in page was opened (True) or the URL expired (False)."""
    token = (parse_qs(urlsplit(url).query).get("token") or [""])[0]
    while True:
        with emulator.state.lock:
            found = emulator.state.tokens.get(token)
            used = found is not None and found.used
            expired = found is None or emulator.now() > found.expires_at
        if used:
            return True
        if expired:
            return False
        time.sleep(poll)
