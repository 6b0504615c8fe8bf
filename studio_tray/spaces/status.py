"""One word for the state of a space's app, worked out from ListApps (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

RUNNING, STARTING, STOPPING, STOPPED, FAILED, UNKNOWN = (
    "running",
    "starting",
    "stopping",
    "stopped",
    "failed",
    "unknown",
)
STATUSES = (RUNNING, STARTING, STOPPING, STOPPED, FAILED, UNKNOWN)
# SageMaker's AppStatus -> ours. Deleted is not here: a Deleted app is no app.
FROM_APP_STATUS = {
    "InService": RUNNING,
    "Pending": STARTING,
    "Deleting": STOPPING,
    "Failed": FAILED,
}


@dataclass(frozen=True)
class AppState:
    """What a space's app is doing: ``status`` (one of ``STATUSES``) and, where there is an
    app, its AppType, AppName, instance type and CreationTime (``since``)."""

    status: str
    app_type: str | None = None
    app_name: str | None = None
    instance_type: str | None = None
    since: datetime | None = None
    failure_reason: str | None = None
    reason: str | None = None  # why the status is unknown, in the app's words


def _created(app: Mapping[str, Any]) -> float:
    created = app.get("CreationTime")
    if isinstance(created, datetime):
        return created.timestamp()
    return float(created) if isinstance(created, int | float) else 0.0


def status_of(apps: Sequence[Mapping[str, Any]]) -> AppState:
    """The state of a space from its ListApps ``Apps``: the newest app that is not Deleted
    decides; no app, or only Deleted ones, is ``stopped``."""
    live = [a for a in apps if a.get("Status") in FROM_APP_STATUS]
    if not live:
        return AppState(STOPPED)
    app = max(live, key=_created)
    created = app.get("CreationTime")
    spec = app.get("ResourceSpec") or {}
    return AppState(
        FROM_APP_STATUS[str(app["Status"])],
        app_type=str(app.get("AppType") or "") or None,
        app_name=str(app.get("AppName") or "") or None,
        instance_type=spec.get("InstanceType"),
        since=created if isinstance(created, datetime) else None,
        failure_reason=app.get("FailureReason"),
    )


def describe_duration(seconds: float) -> str:
    """``45 s``, ``1 m 20 s``, ``2 h 10 m``: for progress lines and the tooltip."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} m"
    if minutes:
        return f"{minutes} m {secs} s"
    return f"{secs} s"
