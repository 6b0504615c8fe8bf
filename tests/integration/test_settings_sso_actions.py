"""The settings window's Identity Center jobs against the emulator's SSO, without a window:
the sign-in job's events in order, the account and role lists, the save as ``profile add``
writes it, and a cancelled sign-in that stores nothing."""

from __future__ import annotations

import queue
from pathlib import Path
from typing import Any

from studio_tray import config as config_file
from studio_tray.aws.sso.cache import TokenCache
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.signin import IdentityCenter
from studio_tray.aws.sso.source import SsoSource
from studio_tray.emulator import Emulator
from studio_tray.settings.sso import (
    Job,
    SsoForm,
    accounts_then,
    roles_job,
    save_sso_profile,
    sign_in_job,
)
from tests.fixtures.sso import ACCOUNT, ROLE, START_URL, USER_CODE, center_for
from tests.fixtures.wait import wait_until

SOURCE = SsoSource("ops", START_URL, "us-east-1")


def events_until_end(job: Job, on: Any = None) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def more() -> bool:
        try:
            while True:
                kind, value = job.events.get_nowait()
                seen.append((kind, value))
                if on is not None:
                    on(kind, value)
        except queue.Empty:
            pass
        return bool(seen) and seen[-1][0] in ("done", "error")

    wait_until(more, 30, 0.05, what="the job's end")
    return seen


def test_sign_in_lists_accounts_then_roles_and_the_save_writes_the_profile(
    sso_emulator: Emulator, tmp_path: Path
) -> None:
    center = center_for(sso_emulator, tmp_path / "cache")
    job = sign_in_job(SOURCE, None, then=accounts_then(SOURCE), center=center).start()

    def approve(kind: str, value: Any) -> None:
        if kind == "code":
            assert USER_CODE.fullmatch(value[0])
            sso_emulator.approve_device(value[0])

    seen = events_until_end(job, approve)
    kinds = [k for k, _ in seen]
    assert kinds == ["code", "signed-in", "done"]
    assert [a.account_id for a in seen[-1][1]] == [ACCOUNT]
    roles = events_until_end(roles_job(SOURCE, ACCOUNT, center=center).start())
    assert roles[-1] == ("done", [ROLE])
    path = tmp_path / "config.toml"
    form = SsoForm(
        name="ops",
        start_url=START_URL,
        sso_region="us-east-1",
        account_id=ACCOUNT,
        role_name=ROLE,
        region="us-east-1",
    )
    profile, replaced = save_sso_profile(path, form)
    assert not replaced
    assert config_file.load(path).profiles["ops"] == profile
    assert profile.sso_account_id == ACCOUNT and profile.sso_role_name == ROLE


def test_a_cancelled_sign_in_ends_with_an_error_and_caches_nothing(
    sso_emulator: Emulator, tmp_path: Path
) -> None:
    # Real time here: the poll waits its 1 s interval, so the cancel lands while it waits.
    center = IdentityCenter(SsoClients(sso_emulator.url), TokenCache(tmp_path / "cache"))
    job = sign_in_job(SOURCE, None, center=center).start()

    def cancel(kind: str, _value: Any) -> None:
        if kind == "code":
            job.cancel()

    seen = events_until_end(job, cancel)
    assert seen[-1][0] == "error" and "cancelled" in seen[-1][1]
    assert center.cache.load(SOURCE.cache_key) is None
