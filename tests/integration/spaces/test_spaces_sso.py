"""An Identity Center profile's click on a stopped space: the sign-in comes first (no app call
without credentials), then the retry starts the space, then the presign."""

from __future__ import annotations

from studio_tray.app import App
from studio_tray.aws.credentials import MemoryKeyStore, SessionProvider
from studio_tray.aws.launcher import Launcher
from studio_tray.aws.sso.cache import TokenCache
from studio_tray.aws.sso.clients import SsoClients
from studio_tray.aws.sso.signin import IdentityCenter
from studio_tray.emulator import DEMO_DOMAIN_ID, DEMO_SPACE, DEMO_STOPPED_SPACE
from tests.fixtures.emulator import presigned, token_of
from tests.fixtures.sso import USER_CODE, approving_browser, write_sso_config
from tests.fixtures.views import FakeView
from tests.fixtures.wait import wait_until


def test_the_retry_after_signing_in_starts_the_space_then_presigns(
    sso_emulator, isolated_env, tmp_path
) -> None:
    sso_emulator.set_app_delays(start=1)
    browser, recorder = approving_browser(tmp_path, approve=False)
    path = write_sso_config(isolated_env["config"], browser=browser)
    path.write_text(
        path.read_text().replace(f'space = "{DEMO_SPACE}"', f'space = "{DEMO_STOPPED_SPACE}"')
    )
    opened: list[str] = []
    center = IdentityCenter(SsoClients(sso_emulator.url), TokenCache())
    launcher = Launcher(
        SessionProvider(MemoryKeyStore(), sso=center), opener=lambda url, cmd: opened.append(url)
    )
    app = App(path, launcher)
    app.view = FakeView()
    worker = app.launch("Dev lab")
    assert worker is not None
    wait_until(recorder.exists, 10, what="the verification page opened")
    assert not [r for r in sso_emulator.requests if r.op in ("ListApps", "CreateApp")]
    code = USER_CODE.search(recorder.read_text())
    assert code is not None
    sso_emulator.approve_device(code.group(0))
    worker.join(30)
    assert not worker.is_alive() and len(opened) == 1
    ops = [r.op for r in sso_emulator.requests if r.service == "sagemaker"]
    # The tray re-reads its spaces' statuses after a start, so calls may follow the presign;
    # the presign sent alongside the first read was dropped: the space had to start.
    assert ops.count("CreateApp") == 1 and ops.count("CreatePresignedDomainUrl") == 2
    last_presign = len(ops) - 1 - ops[::-1].index("CreatePresignedDomainUrl")
    assert ops.index("CreateApp") < last_presign
    assert token_of(opened[0]) == presigned(sso_emulator)[-1].token
    assert sso_emulator.space_app(DEMO_DOMAIN_ID, DEMO_STOPPED_SPACE).status == "InService"
    assert app.launches.failure is None
