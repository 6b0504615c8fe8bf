"""Setting up apps, statuses and the app life cycle's delays (a base of ``AccountSetup``)."""

from __future__ import annotations

from studio_tray.emulator import apps, space_rules
from studio_tray.emulator.state import App, AppDelays, State


def _require(ok: bool, problem: str) -> None:
    if not ok:
        raise ValueError(problem)


class SpaceSetup:
    """Apps in spaces, space and user profile statuses, start/stop delays."""

    state: State

    def now(self) -> float:
        """The emulator's clock (the Emulator overrides it)."""
        raise NotImplementedError

    def set_app_delays(
        self,
        start: float | None = None,
        stop: float | None = None,
        deleted_retention: float | None = None,
    ) -> AppDelays:
        """Seconds (emulator clock) from CreateApp to InService/Failed (``start``, default 3),
        from DeleteApp to Deleted (``stop``, default 2), and how long a Deleted app stays
        listed (``deleted_retention``, default 3600). 0 is allowed; returns the delays."""
        for value in (start, stop, deleted_retention):
            _require(value is None or value >= 0, "delays must not be negative")
        with self.state.lock:
            delays = self.state.app_delays
            delays.start = delays.start if start is None else float(start)
            delays.stop = delays.stop if stop is None else float(stop)
            if deleted_retention is not None:
                delays.deleted_retention = float(deleted_retention)
            return AppDelays(delays.start, delays.stop, delays.deleted_retention)

    def add_app(
        self,
        domain_id: str,
        space: str,
        status: str = "InService",
        *,
        instance_type: str | None = None,
        app_name: str = "default",
        created: float | None = None,
        failure_reason: str | None = None,
        last_activity: float | None = None,
    ) -> App:
        """Put an app of the space's AppType into ``space`` directly, as if CreateApp had run
        at ``created`` (default now): "InService" (default), "Pending" (InService after the
        start delay), "Failed", "Deleting" or "Deleted". Returns it (a live record)."""
        _require(
            status in space_rules.APP_STATUSES, f"status must be one of {space_rules.APP_STATUSES}"
        )
        _require(
            instance_type is None
            or space_rules.INSTANCE_TYPE_RE.fullmatch(instance_type) is not None,
            f"bad instance type {instance_type!r}",
        )
        with self.state.lock:
            found = self.state.spaces.get((domain_id, space))
            _require(found is not None, f"no space {space} in {domain_id}")
            assert found is not None
            now = self.now()
            live = [
                a
                for a in apps.settled(self.state, now)
                if (a.domain_id, a.space) == (domain_id, space) and a.status in apps.LIVE
            ]
            _require(not live or status in ("Deleted", "Failed"), f"space {space} has an app")
            app = apps.new_app(
                self.state,
                found,
                now,
                app_name=app_name,
                instance_type=instance_type,
                status=status,
                failure_reason=failure_reason
                or (found.fail_start if status == "Pending" else None)
                or ("Failed to start the app (emulator)" if status == "Failed" else None),
                created=created,
            )
            if last_activity is not None:
                app.last_activity = last_activity
            return app

    def space_app(self, domain_id: str, space: str) -> App | None:
        """The space's newest app with its status brought up to now (Deleted ones while they
        are still listed), or None."""
        with self.state.lock:
            found = [
                a
                for a in apps.settled(self.state, self.now())
                if (a.domain_id, a.space) == (domain_id, space)
            ]
            return max(found, key=lambda a: a.created) if found else None

    def touch_app(self, domain_id: str, space: str) -> None:
        """User activity in the space's app now (restarts its idle-shutdown countdown)."""
        app = self.space_app(domain_id, space)
        _require(app is not None and app.status == "InService", f"no InService app in {space}")
        with self.state.lock:
            assert app is not None
            app.last_activity = self.now()

    def set_space_status(
        self, domain_id: str, space: str, status: str, failure_reason: str | None = None
    ) -> None:
        """Give a space another SpaceStatus (e.g. "Update_Failed" with a FailureReason)."""
        _require(
            status in space_rules.SPACE_STATUSES,
            f"status must be one of {space_rules.SPACE_STATUSES}",
        )
        with self.state.lock:
            found = self.state.spaces.get((domain_id, space))
            _require(found is not None, f"no space {space} in {domain_id}")
            assert found is not None
            found.status, found.failure_reason = status, failure_reason

    def set_user_profile_status(
        self, domain_id: str, name: str, status: str, failure_reason: str | None = None
    ) -> None:
        """Give a user profile another UserProfileStatus (e.g. "Failed" with a reason)."""
        _require(
            status in space_rules.USER_PROFILE_STATUSES,
            f"status must be one of {space_rules.USER_PROFILE_STATUSES}",
        )
        with self.state.lock:
            found = self.state.users.get((domain_id, name))
            _require(found is not None, f"no user profile {name} in {domain_id}")
            assert found is not None
            found.status, found.failure_reason = status, failure_reason

    def set_idle_shutdown(self, domain_id: str, enabled: bool) -> None:
        """Switch the domain's idle shutdown (LifecycleManagement ENABLED/DISABLED)."""
        with self.state.lock:
            found = self.state.domains.get(domain_id)
            _require(found is not None, f"no domain {domain_id}")
            assert found is not None
            found.idle_shutdown = enabled
