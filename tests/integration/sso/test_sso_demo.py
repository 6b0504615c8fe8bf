"""The demo's "Demo SSO" shortcut: an Identity Center sign-in with no AWS account. The
browser is a script that approves the request, as a person would; then the Studio URL works.
The demo's token cache stays in its temporary folder, never ~/.aws/sso/cache."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request

from studio_tray.demo import DEMO_SSO_SHORTCUT, demo_shortcuts, start_demo
from studio_tray.errors import SignInRequired
from tests.fixtures.sso import approving_browser


def test_demo_print_signs_in_and_studio_opens(isolated_env, tmp_path):
    browser, record = approving_browser(tmp_path)
    # webbrowser runs $BROWSER with %s for the URL
    env = {**os.environ, "BROWSER": browser.replace("{url}", "%s")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio_tray", "demo", "--print", DEMO_SSO_SHORTCUT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "/auth?token=" in url, proc.stderr
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200
        assert proc.wait(timeout=15) == 0
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        proc.kill()
    assert "To sign in to IAM Identity Center for demo-sso" in err
    assert "/sso/verify?user_code=" in record.read_text()
    assert not (isolated_env["home"] / ".aws").exists()


def test_the_demo_sso_shortcut_needs_a_sign_in_first():
    assert DEMO_SSO_SHORTCUT in [s.name for s in demo_shortcuts()]
    env = start_demo()
    try:
        shortcut = env.config.shortcut(DEMO_SSO_SHORTCUT)
        assert shortcut is not None
        try:
            env.launcher.fresh_url(env.config, shortcut)
        except SignInRequired as needed:
            assert needed.profile == "demo-sso"
        else:
            raise AssertionError("a fresh demo must not be signed in already")
        assert str(env.sessions.sso.cache.directory).startswith(str(env.config.path.parent))
    finally:
        env.close()
