"""Start and stop a space's app and wait for it, over ``calls.SpaceCalls``.

Waiting polls DescribeApp (every 0.5 s at first, then up to every 5 s) and reports each answer
to a ``progress(status, elapsed_seconds)`` callback, for a terminal line or the tray's tooltip.
The clock and the sleep are parameters so tests never sleep for real.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Collection
from typing import Any

from studio_tray.errors import LaunchError
from studio_tray.spaces.calls import APP_NAME, AppInUse, AppNotFound, SpaceCalls
from studio_tray.spaces.status import (
    FAILED,
    RUNNING,
    STARTING,
    STOPPED,
    STOPPING,
    UNKNOWN,
    AppState,
    describe_duration,
    status_of,
)

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20 * 60.0  # seconds a start or stop may take before we give up waiting
MAX_INTERVAL = 5.0
ALREADY_RUNNING, STARTED, JOINED = "already running", "started", "joined"
ALREADY_STOPPED, STOPPED_NOW, WAS_STOPPING = "already stopped", "stopped", "already stopping"

Progress = Callable[[str, float], None]
"""``progress(app_status, elapsed_seconds)``: called after each DescribeApp while waiting."""


class StartFailed(LaunchError):
    """The app went Failed; the message carries SageMaker's FailureReason."""


class NotStartable(LaunchError):
    """The space has no AppType to start (DescribeSpace did not say)."""


def interval(elapsed: float) -> float:
    """Seconds until the next DescribeApp: quick at first (the emulator, a fast start), then
    at most every ``MAX_INTERVAL`` (a real start takes minutes)."""
    return min(MAX_INTERVAL, 0.5 + elapsed / 10)


def read_state(calls: SpaceCalls) -> AppState:
    """The space's app state; ``unknown`` (with the reason) where it cannot be read, and the
    FailureReason of a failed one."""
    from studio_tray.errors import StudioTrayError

    try:
        state = status_of(calls.list_apps())
    except StudioTrayError as err:
        return AppState(UNKNOWN, reason=str(err))
    if state.status == FAILED and state.app_type and state.app_name:
        # ListApps has no FailureReason; DescribeApp has.
        try:
            answer = calls.describe_app(state.app_type, state.app_name)
        except StudioTrayError:
            return state
        return dataclasses.replace(state, failure_reason=answer.get("FailureReason"))
    return state


class Waiter:
    """Waits for an app's status with one deadline for a whole start or stop."""

    def __init__(
        self,
        calls: SpaceCalls,
        progress: Progress | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.calls = calls
        self.progress = progress
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep
        self.started = clock()

    def elapsed(self) -> float:
        """Seconds since this start or stop began."""
        return self.clock() - self.started

    def wait(self, app_type: str, app_name: str, targets: Collection[str]) -> dict[str, Any]:
        """DescribeApp until its Status is one of ``targets``; a vanished app counts as
        Deleted. Raises ``LaunchError`` saying the state it is in once the time is up."""
        while True:
            try:
                answer = self.calls.describe_app(app_type, app_name)
            except AppNotFound:
                if "Deleted" not in targets:
                    raise
                answer = {"Status": "Deleted"}
            status = str(answer.get("Status") or "")
            elapsed = self.elapsed()
            if self.progress is not None:
                self.progress(status, elapsed)
            if status in targets:
                return answer
            if elapsed >= self.timeout:
                raise LaunchError(
                    f"{self.calls.target} is still {status} after {describe_duration(elapsed)}",
                    hint="look at it in the SageMaker console, or wait and run the command again",
                )
            self.sleep(min(interval(elapsed), max(0.0, self.timeout - elapsed)))

    def until_running(self, app_type: str, app_name: str) -> dict[str, Any]:
        """Wait for InService; ``StartFailed`` with the FailureReason if it went Failed."""
        answer = self.wait(app_type, app_name, ("InService", "Failed"))
        if answer.get("Status") == "Failed":
            reason = " ".join(str(answer.get("FailureReason") or "no reason given").split())
            raise StartFailed(f"{self.calls.target} failed to start: {reason[:300]}")
        return answer


def start(
    calls: SpaceCalls,
    *,
    instance_type: str | None = None,
    wait: bool = True,
    waiter: Waiter | None = None,
) -> str:
    """Start the space's app unless it runs; returns ``ALREADY_RUNNING`` (no CreateApp),
    ``STARTED`` (our CreateApp) or ``JOINED`` (someone else's start, waited for).

    ResourceInUse on CreateApp means another client started or is stopping it: its app is
    read again and waited for instead of failing. With ``wait`` it returns once InService.
    """
    waiter = waiter or Waiter(calls)
    for attempt in range(3):
        state = status_of(calls.list_apps())
        if state.status == RUNNING:
            return ALREADY_RUNNING if attempt == 0 else JOINED
        if state.status == STARTING:
            if wait:
                waiter.until_running(state.app_type or "", state.app_name or APP_NAME)
            return JOINED
        if state.status == STOPPING:
            waiter.wait(state.app_type or "", state.app_name or APP_NAME, ("Deleted",))
            continue
        info = calls.describe()
        if not info.app_type:
            raise NotStartable(f"{calls.target} has no AppType; it cannot be started")
        try:
            calls.create_app(info.app_type, instance_type)
        except AppInUse:
            log.info("%s: ResourceInUse on CreateApp; waiting for the other start", calls.target)
            continue
        if wait:
            waiter.until_running(info.app_type, APP_NAME)
        return STARTED
    raise LaunchError(f"{calls.target} kept changing state while starting it; try again")


def stop(calls: SpaceCalls, *, wait: bool = True, waiter: Waiter | None = None) -> str:
    """Stop the space's running app (DeleteApp with ListApps' AppType and AppName); returns
    ``ALREADY_STOPPED`` (no DeleteApp), ``STOPPED_NOW`` or ``WAS_STOPPING``."""
    waiter = waiter or Waiter(calls)
    state = status_of(calls.list_apps())
    if state.status == STOPPED:
        return ALREADY_STOPPED
    app_type, app_name = state.app_type or "", state.app_name or APP_NAME
    if state.status == STOPPING:
        if wait:
            waiter.wait(app_type, app_name, ("Deleted",))
        return WAS_STOPPING
    if state.status == STARTING:
        if not wait:
            raise LaunchError(f"{calls.target} is starting; stop it once it runs")
        with contextlib.suppress(StartFailed):  # a Failed app is deleted like a running one
            waiter.until_running(app_type, app_name)
    elif state.status not in (RUNNING, FAILED):
        raise LaunchError(f"{calls.target} is {state.status}")
    calls.delete_app(app_type, app_name)
    if wait:
        waiter.wait(app_type, app_name, ("Deleted",))
    return STOPPED_NOW
