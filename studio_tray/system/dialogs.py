"""Running the Tk windows (``studio-tray picker`` / ``prompt``) as child processes.

The tray never imports Tk: it starts the current executable with the verb and reads one line
from its stdout. ``ask_in_dialog`` is the MFA asker the tray hands to the credentials code;
``PickerRunner`` opens the picker (or brings the open one forward) and reports the choice.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio_tray.model import Profile

log = logging.getLogger(__name__)

PROMPT_TIMEOUT = 300


def self_command(*args: str, config: str | os.PathLike[str] | None = None) -> list[str]:
    """The command line running this app with ``args``: the frozen executable or ``-m``."""
    if getattr(sys, "frozen", False):
        base = [sys.executable]
    else:
        base = [sys.executable, "-m", "studio_tray"]
    options = ["--config", str(config)] if config else []
    return [*base, *options, *args]


def ask_in_dialog(title: str, label: str) -> str | None:
    """Ask for an MFA code in a window; the six digits, or None when cancelled or impossible.

    Title and label go to the child on stdin, not its command line, which every local user can
    read (they name the profile and its MFA device)."""
    command = self_command("prompt", "--stdin")
    try:
        done = subprocess.run(
            command,
            input=json.dumps({"title": title, "label": label}) + "\n",
            capture_output=True,
            text=True,
            timeout=PROMPT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        log.warning("MFA prompt failed: %s", type(err).__name__)
        return None
    code = done.stdout.strip()
    if done.returncode != 0 or not code:
        return None
    return code


def ask_mfa_in_dialog(profile: Profile) -> str | None:
    """An ``MfaAsker`` for the tray: ``ask_in_dialog`` worded for ``profile``."""
    return ask_in_dialog(
        f"studio-tray: MFA for {profile.name}",
        f"MFA code for profile {profile.name}\n({profile.mfa_serial}):",
    )


class PickerRunner:
    """At most one picker child at a time; a second ``request`` brings it forward.

    ``on_chosen(name)`` runs on a worker thread when the user picks a shortcut.
    """

    def __init__(
        self,
        on_chosen: Callable[[str], object],
        config_path: Path | None = None,
        command: Callable[[], Sequence[str]] | None = None,
    ) -> None:
        self._on_chosen = on_chosen
        self._command = command or (lambda: self_command("picker", "--print", config=config_path))
        self._lock = threading.Lock()
        self._child: subprocess.Popen[str] | None = None

    @property
    def is_open(self) -> bool:
        """Whether a picker window is open now."""
        with self._lock:
            return self._child is not None and self._child.poll() is None

    def request(self) -> None:
        """Open the picker, or bring the open one forward."""
        with self._lock:
            child = self._child
            if child is not None and child.poll() is None:
                self._wake(child)
                return
            try:
                child = subprocess.Popen(
                    list(self._command()),
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            except OSError as err:
                log.error("cannot start the picker: %s", err)
                return
            self._child = child
        threading.Thread(target=self._wait, args=(child,), name="picker", daemon=True).start()

    def close(self) -> None:
        """Close an open picker (the tray is quitting)."""
        with self._lock:
            child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.terminate()

    @staticmethod
    def _wake(child: subprocess.Popen[str]) -> None:
        try:
            assert child.stdin is not None
            child.stdin.write("raise\n")
            child.stdin.flush()
        except (OSError, ValueError):
            pass

    def _wait(self, child: subprocess.Popen[str]) -> None:
        # Not communicate(): it would close stdin, which carries the "raise" requests.
        assert child.stdout is not None
        out = child.stdout.read()
        child.wait()
        if child.stdin is not None:
            child.stdin.close()
        with self._lock:
            if self._child is child:
                self._child = None
        name = out.strip().splitlines()[-1] if out.strip() else ""
        if child.returncode == 0 and name:
            log.info("picker chose %s", name)
            self._on_chosen(name)
        elif child.returncode not in (0, 1):
            log.warning("picker exited with %s", child.returncode)


class SettingsRunner:
    """Starts ``studio-tray settings`` as a child process; one window at a time.

    A request while the window is open brings that window forward (``instance.wake``).
    """

    def __init__(
        self, config_path: Path | None = None, command: Callable[[], Sequence[str]] | None = None
    ) -> None:
        self._command = command or (lambda: self_command("settings", config=config_path))
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None

    @property
    def is_open(self) -> bool:
        """Whether a settings window is open now."""
        with self._lock:
            return self._child is not None and self._child.poll() is None

    def request(self) -> None:
        """Open the settings window, or bring it forward when it is open already."""
        from studio_tray.system.instance import SETTINGS_LOCK_NAME, lock_path, owner_pid, wake

        with self._lock:
            if self._child is not None and self._child.poll() is None:
                # Only once it holds the window's lock does it listen; before, the signal
                # would end it (a second click while it starts does nothing).
                listening = owner_pid(lock_path(SETTINGS_LOCK_NAME)) == self._child.pid
                if not (listening and wake(self._child.pid)):
                    log.info("the settings window is open (it cannot be brought forward here)")
                return
            try:
                self._child = subprocess.Popen(
                    list(self._command()),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                )
            except OSError as err:
                log.error("cannot start the settings window: %s", err)

    def close(self) -> None:
        """Close an open settings window (the tray is quitting)."""
        with self._lock:
            child, self._child = self._child, None
        if child is not None and child.poll() is None:
            child.terminate()
