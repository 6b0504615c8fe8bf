"""The tray app's wiring: config, menu state, clicks, reload, quit; no GUI toolkit here.

The toolkit side is a ``TrayView`` (``tray.PystrayView`` in the app, a small fake in tests).
Launches run on their own daemon thread each, so the UI thread never waits for the network;
a shortcut already launching ignores further clicks. Extra services (hotkeys, the hand-off
channel) plug in with ``add_service`` and hear about reloads through ``on_reload``.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from studio_tray import paths
from studio_tray.config.state import ConfigState
from studio_tray.errors import ConfigError, StudioTrayError
from studio_tray.model import Config
from studio_tray.spaces.status import describe_duration
from studio_tray.system import browser, desktop
from studio_tray.system.dialogs import PickerRunner, SettingsRunner
from studio_tray.tray import menu
from studio_tray.tray.discovery import DiscoveryRunner
from studio_tray.tray.launches import Launches
from studio_tray.tray.protocols import Service, TrayView
from studio_tray.tray.signin import SignInService
from studio_tray.tray.spaces import SpacesRunner
from studio_tray.tray.timers import OneShots, TimerFactory, thread_timer

if TYPE_CHECKING:
    from studio_tray.autostart import Autostart
    from studio_tray.aws.launcher import Launcher

log = logging.getLogger(__name__)

IDLE, BUSY, ERROR = "idle", "busy", "error"
TITLE = "studio-tray"
MAX_TOOLTIP = 120


class App:
    """The tray app: holds the last good config and turns menu actions into work."""

    def __init__(
        self,
        config_path: Path | None,
        launcher: Launcher,
        *,
        autostart: Autostart | None = None,
        notifier: Callable[[str, str], None] | None = None,
        config: Config | None = None,
        opener: Callable[[Path], None] = desktop.open_path,
        picker: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.time,
        timer: TimerFactory = thread_timer,
    ) -> None:
        """``config`` fixes the config (the demo); otherwise it is read from ``config_path``.

        ``clock`` (wall-clock seconds) and ``timer`` (a one-shot timer factory) drive the timed
        work: reminders and status refreshes (a fake clock's in tests)."""
        self.config_path = config_path
        self.launcher = launcher
        self.autostart = autostart
        self.view: TrayView | None = None
        self._notifier = notifier
        self._opener = opener
        self._picker = picker
        self.configs = ConfigState(config_path, config)
        self.configs.on_reload(lambda _config: launcher.forget())
        self._lock = threading.RLock()
        self.sign_ins = SignInService(self)
        self.launches = Launches(
            launcher,
            self.refresh,
            self.report,
            sign_in=self.sign_ins.sign_in_for,
            on_news=self.notify,
        )
        self._picker_runner: PickerRunner | None = None
        self._settings_runner: SettingsRunner | None = None
        # First run: the settings window opens once the icon is up (never for a tray that
        # could not start, whose window would outlive it).
        self.welcome_on_start = False
        self.discovery = DiscoveryRunner(self)
        self.spaces = SpacesRunner(self, OneShots(timer), clock)
        self.configs.on_reload(lambda _config: self.spaces.reschedule())
        self._services: list[Service] = [self.sign_ins]
        self._stopping = threading.Event()
        self.configs.reload()

    # state ------------------------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The last config that loaded (kept while the file is broken)."""
        return self.configs.current

    @property
    def config_error(self) -> ConfigError | None:
        """Why the config file does not load right now, or None."""
        return self.configs.error

    def menu(self) -> menu.Menu:
        """The menu for the current config and state."""
        with self._lock:
            config, error = self.configs.current, self.configs.error
            state = menu.MenuState(
                launching=self.launches.running,
                autostart=self._autostart_state(),
                has_file=not self.configs.fixed,
                last_good=config.shortcuts,
                discovering=self.discovery.running,
                spaces=self.spaces.lines() if not error else (),
                refreshing_spaces=self.spaces.refreshing,
            )
            return menu.build(error or config, state)

    def icon_state(self) -> tuple[str, str]:
        """(idle | busy | error, tooltip)."""
        running, failure = self.launches.running, self.launches.failure
        error = self.configs.error
        waiting = self.sign_ins.waiting
        starting = self.launches.starting
        if waiting:
            state, tip = BUSY, f"{TITLE}: Waiting for sign-in to {', '.join(waiting)}"
        elif starting:
            state, tip = (
                BUSY,
                "; ".join(
                    f"Starting {name}: {describe_duration(seconds)}"
                    for name, seconds in sorted(starting.items())
                ),
            )
        elif running:
            state, tip = BUSY, f"{TITLE}: opening {', '.join(sorted(running))}..."
        elif failure:
            state, tip = ERROR, f"{TITLE}: {failure}"
        elif error:
            state, tip = ERROR, f"{TITLE}: {menu.error_label(error)}"
        else:
            state, tip = IDLE, TITLE
        if len(tip) > MAX_TOOLTIP:
            tip = tip[: MAX_TOOLTIP - 3] + "..."
        return state, tip

    def refresh(self) -> None:
        """Push the current menu and icon state to the view."""
        with self._lock:
            if self.view is not None and not self._stopping.is_set():
                self.view.update(self.menu(), *self.icon_state())

    # actions ----------------------------------------------------------------------------

    def dispatch(self, action: str | None, target: str | None = None) -> None:
        """Run the menu action ``action`` (see ``menu``); never raises."""
        handlers: dict[str, Callable[[], object]] = {
            menu.OPEN_PICKER: self.open_picker,
            menu.DISCOVER: self.discovery.start,
            menu.SETTINGS: self.open_settings,
            menu.AUTOSTART: self.toggle_autostart,
            menu.EDIT_CONFIG: self.edit_config,
            menu.RELOAD_CONFIG: self.reload,
            menu.OPEN_LOG: self.open_log,
            menu.QUIT: self.quit,
        }
        try:
            if action == menu.LAUNCH and target is not None:
                self.launch(target)
            elif action == menu.SPACE_START and target is not None:
                self.spaces.start_space(target)
            elif action == menu.SPACE_STOP and target is not None:
                self.spaces.stop_space(target)
            elif action == menu.SPACES_REFRESH:
                self.spaces.refresh_status()
            elif action in handlers:
                handlers[action]()
        except StudioTrayError as err:
            self.report(f"{action or 'menu'} failed", str(err))
        except Exception as exc:  # nothing from the menu may take the tray down
            log.exception("menu action %s failed", action)
            self.report(f"{action or 'menu'} failed", f"{type(exc).__name__}; see the log")

    def launch(
        self, name: str, on_done: Callable[[str | None], None] | None = None
    ) -> threading.Thread | None:
        """Open shortcut ``name`` on a worker thread; None when unknown or already launching.

        ``on_done(failure)`` hears how it ended (None = opened), from the worker thread.
        """
        shortcut = self.configs.current.shortcut(name)

        def done(failure: str | None) -> None:
            if failure is None:
                self.spaces.opened(name)  # a Studio session from now: remind before it ends
            if shortcut and shortcut.space and self.spaces.status(name) != "running":
                self.spaces.refresh_status({name})  # the click may have started it
            if on_done is not None:
                on_done(failure)

        return self.launches.start(self.configs.current, name, done)

    def starting_spaces(self) -> frozenset[str]:
        """Shortcuts whose space is being started before they open."""
        return frozenset(self.launches.starting)

    def signing_in(self) -> tuple[str, ...]:
        """The IAM Identity Center sign-ins waiting for approval (profile names)."""
        return self.sign_ins.waiting

    def _chosen(self, name: str) -> None:
        self.launch(name)

    def reload(self, refresh: bool = True) -> bool:
        """Re-read the config file; on errors keep the last good config. True when it loaded."""
        loaded = self.configs.reload()
        error = self.configs.error
        if refresh:
            if not loaded and error is not None:
                self.report("Config not reloaded", menu.error_label(error))
            self.refresh()
        return loaded

    def edit_config(self) -> None:
        """Open the config file in the default editor (created from a template if missing)."""
        if self.config_path is None:
            return
        if desktop.ensure_config_file(self.config_path):
            log.info("created %s from the template", self.config_path)
        self._opener(self.config_path)

    def open_log(self) -> None:
        """Open the log file in the default viewer."""
        path = paths.log_file()
        path.touch(exist_ok=True)
        self._opener(path)

    def open_picker(self) -> None:
        """Show the keyboard picker (its own process); the chosen shortcut is launched."""
        log.info("opening the picker")
        if self._picker is not None:
            self._picker()
            return
        with self._lock:
            if self._picker_runner is None:
                path = self.config_path or self.configs.current.path
                self._picker_runner = PickerRunner(self._chosen, path)
            runner = self._picker_runner
        runner.request()

    def open_settings(self) -> None:
        """Open the settings window (its own process, started now; not again while open)."""
        log.info("opening the settings window")
        with self._lock:
            if self._settings_runner is None:
                path = self.config_path or self.configs.current.path
                self._settings_runner = SettingsRunner(path)
            runner = self._settings_runner
        runner.request()

    def first_run(self) -> bool:
        """No profile and no shortcut in a config file that loads: the welcome is due."""
        config = self.configs.current
        return (
            not self.configs.fixed
            and self.configs.error is None
            and not config.profiles
            and not config.shortcuts
        )

    def toggle_autostart(self) -> None:
        """Turn start at login on or off."""
        if self.autostart is None:
            return
        if self.autostart.is_enabled():
            self.autostart.disable()
        else:
            self.autostart.enable()
        self.refresh()

    def report(self, title: str, message: str) -> None:
        """Log a failure and notify where possible."""
        log.warning("%s: %s", title, message)
        self._show(title, message)

    def notify(self, title: str, message: str) -> None:
        """Log news (not a failure) and notify where possible."""
        log.info("%s: %s", title, message)
        self._show(title, message)

    def _show(self, title: str, message: str) -> None:
        try:
            if self._notifier is not None:
                self._notifier(title, message)
            elif self.view is not None and self.view.has_notification:
                self.view.notify(title, message)
        except Exception as exc:  # no notification service must not become a crash
            log.info("notification failed: %s", type(exc).__name__)

    def _autostart_state(self) -> bool | None:
        if self.autostart is None:
            return None
        try:
            return self.autostart.is_enabled()
        except Exception:
            return False

    # life cycle -------------------------------------------------------------------------

    def add_service(self, service: Service) -> None:
        """Run ``service`` while the tray runs (started when the icon is up, stopped on quit)."""
        self._services.append(service)

    def on_reload(self, listener: Callable[[Config], None]) -> None:
        """Call ``listener(config)`` after each successful reload."""
        self.configs.on_reload(listener)

    def run(self, view: TrayView) -> int:
        """Show the tray and block until quit; returns the exit code (0)."""
        self.view = view
        self.install_signals()
        view.update(self.menu(), *self.icon_state())
        view.run(self._started)
        self._stop_services()
        log.info("tray stopped")
        return 0

    def _started(self) -> None:
        log.info("tray up (%d shortcuts)", len(self.configs.current.shortcuts))
        if self.welcome_on_start:
            log.info("first run: no profiles and no shortcuts; opening the settings window")
            self.open_settings()
        # Off the UI thread, once: imports botocore and builds the clients, so the first click
        # costs what a warm one does. It sends nothing and then sleeps no more (no idle CPU).
        threading.Thread(target=self._warm_up, name="warm-up", daemon=True).start()
        if any(s.space for s in self.configs.current.shortcuts):
            self.spaces.refresh_status(automatic=True)
        for service in self._services:
            try:
                service.start()
            except Exception:
                log.exception("service %s failed to start", type(service).__name__)

    def _warm_up(self) -> None:
        self.launcher.warm(self.configs.current)
        browser.warm()

    def quit(self) -> None:
        """Stop the tray (from a menu click, a signal or another thread)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        log.info("quitting")
        if self._picker_runner is not None:
            self._picker_runner.close()
        if self._settings_runner is not None:
            self._settings_runner.close()
        if self.view is not None:
            self.view.stop()

    def _stop_services(self) -> None:
        self.spaces.stop()
        for service in reversed(self._services):
            try:
                service.stop()
            except Exception:
                log.exception("service %s failed to stop", type(service).__name__)

    def install_signals(self) -> None:
        """SIGTERM and SIGINT quit, SIGHUP reloads (main thread only; a no-op elsewhere)."""
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: self.quit())
        if hasattr(signal, "SIGHUP"):
            signal.signal(
                signal.SIGHUP, lambda *_: threading.Thread(target=self.reload, daemon=True).start()
            )
