"""The tray's own sign-in, headless: a click with no sign-in opens the verification page,
the tooltip says it is waiting, a second click joins the same sign-in, and both clicks carry
on by themselves once approved. Real App, launcher, HTTP and emulator; a FakeView."""

from __future__ import annotations

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.sso.cache import TokenCache
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.signin import IdentityCenter
from studio_tray.emulator import DEMO_DOMAIN_ID
from tests.fixtures.sso import USER_CODE, approving_browser, write_sso_config
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until

SECOND = f"""
[[shortcuts]]
name = "Dev home"
profile = "dev"
domain_id = "{DEMO_DOMAIN_ID}"
user_profile = "demo-user"
"""


def _app(emulator, isolated_env, tmp_path):
    browser, recorder = approving_browser(tmp_path, approve=False)
    path = write_sso_config(isolated_env["config"], browser=browser)
    path.write_text(path.read_text() + SECOND)
    opened: list[str] = []
    center = IdentityCenter(SsoClients(emulator.url), TokenCache())
    launcher = Launcher(
        SessionProvider(MemoryKeyStore(), sso=center), opener=lambda url, cmd: opened.append(url)
    )
    app = App(path, launcher)
    app.view = FakeView()
    return app, recorder, opened


def test_a_click_signs_in_by_itself_and_carries_on(sso_emulator, isolated_env, tmp_path):
    app, recorder, opened = _app(sso_emulator, isolated_env, tmp_path)
    first = app.launch("Dev lab")
    assert first is not None
    wait_until(recorder.exists, 10, what="the verification page opened")
    wait_until(lambda: "Waiting for sign-in to dev" in app.icon_state()[1], 5)
    assert app.icon_state() == ("busy", "studio-tray: Waiting for sign-in to dev")

    second = app.launch("Dev home")  # another shortcut of the same session: no second sign-in
    assert app.launch("Dev lab") is None  # the same shortcut: ignored while it is launching
    (url,) = recorder.read_text().split()
    code = USER_CODE.search(url)
    assert code is not None and url.startswith(f"{sso_emulator.url}/sso/verify?user_code=")
    sso_emulator.approve_device(code.group(0))

    assert second is not None
    for worker in (first, second):
        worker.join(20)
        assert not worker.is_alive()
    assert len(opened) == 2 and all(u.startswith(sso_emulator.url + "/auth?") for u in opened)
    ops = [r.op for r in sso_emulator.requests]
    assert ops.count("StartDeviceAuthorization") == 1
    assert ops.count("CreatePresignedDomainUrl") == 2
    assert app.icon_state() == ("idle", "studio-tray")
    assert app.launches.failure is None


def test_a_denied_sign_in_fails_the_waiting_clicks(sso_emulator, isolated_env, tmp_path):
    app, recorder, opened = _app(sso_emulator, isolated_env, tmp_path)
    workers = [app.launch("Dev lab"), app.launch("Dev home")]
    wait_until(recorder.exists, 10)
    code = USER_CODE.search(recorder.read_text())
    assert code is not None
    sso_emulator.deny_device(code.group(0))
    for worker in workers:
        assert worker is not None
        worker.join(20)
    assert opened == []
    state, tip = app.icon_state()
    assert state == "error" and "the sign-in of profile dev was denied" in tip
    assert [r.op for r in sso_emulator.requests].count("StartDeviceAuthorization") == 1


def test_quitting_gives_up_a_sign_in(sso_emulator, isolated_env, tmp_path):
    app, recorder, opened = _app(sso_emulator, isolated_env, tmp_path)
    worker = app.launch("Dev lab")
    wait_until(recorder.exists, 10)
    app.sign_ins.stop()
    assert worker is not None
    worker.join(10)
    assert not worker.is_alive() and opened == []
    wait_until(lambda: app.sign_ins.waiting == (), 5)


def test_a_hand_off_that_needs_a_sign_in_says_so_and_opens_later(
    sso_emulator, isolated_env, tmp_path
):
    from studio_tray.handoff import client as handoff
    from studio_tray.tray.handoff import HandoffService

    app, recorder, opened = _app(sso_emulator, isolated_env, tmp_path)
    service = HandoffService(app, isolated_env["state"])
    service.start()
    try:
        answer = handoff.request({"op": "open", "name": "Dev lab"}, isolated_env["state"])
        assert answer is not None
        assert answer["ok"] is False
        assert answer["message"] == (
            "waiting for sign-in to dev: approve it in the browser, then Dev lab opens by itself"
        )
        wait_until(recorder.exists, 10)
        code = USER_CODE.search(recorder.read_text())
        assert code is not None
        sso_emulator.approve_device(code.group(0))
        wait_until(lambda: len(opened) == 1, 20, what="Studio opened after the approval")
    finally:
        service.stop()
