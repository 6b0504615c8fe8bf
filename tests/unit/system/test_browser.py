"""URL checks and browser commands (no network)."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from studio_tray.aws import urls
from studio_tray.errors import LaunchError
from studio_tray.system import browser, redirect_page
from tests.fixtures.browser import target_url
from tests.fixtures.wait import wait_until

TOKEN = "canary-token-QX7"


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        (f"https://d-abc.studio.us-east-1.sagemaker.aws/auth?token={TOKEN}", None),
        (f"https://d-abc.studio.us-east-1.sagemaker.aws/auth?token={TOKEN}", "https://vpce.x"),
        (f"http://127.0.0.1:8000/auth?token={TOKEN}", "http://127.0.0.1:8000"),
        (f"http://localhost:8000/auth?token={TOKEN}", "http://127.0.0.5:9"),
        (f"http://[::1]:8000/auth?token={TOKEN}", "http://localhost:8000"),
    ],
)
def test_allowed_urls(url: str, endpoint: str | None) -> None:
    urls.check_url(url, endpoint)


@pytest.mark.parametrize(
    ("url", "endpoint", "words"),
    [
        (f"http://studio.example.com/auth?token={TOKEN}", None, "'http'"),
        (f"http://127.0.0.1:8000/auth?token={TOKEN}", None, "not local"),
        (f"http://127.0.0.1:8000/auth?token={TOKEN}", "https://api.sagemaker.aws", "not local"),
        (f"javascript:alert('{TOKEN}')", None, "'javascript'"),
        (f"file:///etc/passwd?{TOKEN}", None, "'file'"),
        (f"ftp://example.com/{TOKEN}", None, "'ftp'"),
        (f"//example.com/{TOKEN}", None, "no scheme"),
        ("https:///nohost", None, "'https'"),
    ],
)
def test_refused_urls_never_echo_the_url(url: str, endpoint: str | None, words: str) -> None:
    with pytest.raises(LaunchError) as err:
        urls.check_url(url, endpoint)
    assert words in str(err.value)
    assert TOKEN not in str(err.value)


def test_command_line_substitutes_placeholder_per_argument() -> None:
    argv = browser.command_line(
        'google-chrome --profile-directory="Profile 2" {url}', "https://x/y?z=1"
    )
    assert argv == ["google-chrome", "--profile-directory=Profile 2", "https://x/y?z=1"]


def test_command_line_keeps_shell_metacharacters_inert() -> None:
    url = "https://x/a?b=1&c=$(touch /tmp/pwned);rm"
    argv = browser.command_line("firefox --new-tab {url}", url)
    assert argv[-1] == url


@pytest.mark.parametrize(
    ("command", "words"),
    [("firefox", "no {url}"), ("", "empty"), ("'unbalanced {url}", "cannot be split")],
)
def test_bad_browser_commands(command: str, words: str) -> None:
    with pytest.raises(LaunchError, match=words.replace("{", r"\{").replace("}", r"\}")):
        browser.command_line(command, "https://x")


def test_open_url_runs_the_command_without_a_shell(tmp_path: Path) -> None:
    out = tmp_path / "got"
    recorder = tmp_path / "rec.py"
    recorder.write_text(f"import sys; open({str(out)!r}, 'w').write(sys.argv[1])\n")
    url = "https://example.com/auth?token=a b;echo hi"
    browser.open_url(url, f"{sys.executable} {recorder} {{url}}")
    wait_until(out.exists, what="the browser to get the URL")
    assert out.read_text().startswith("file://")
    assert target_url(out.read_text()) == url


def test_missing_browser_program_is_a_launch_error(tmp_path: Path) -> None:
    with pytest.raises(LaunchError, match="could not start the browser") as err:
        browser.open_url("https://example.com/?token=" + TOKEN, "/nonexistent/browser {url}")
    assert TOKEN not in str(err.value)


def test_default_browser_honours_BROWSER(tmp_path: Path) -> None:
    import os
    import subprocess

    out = tmp_path / "got"
    recorder = tmp_path / "rec.sh"
    recorder.write_text(f'#!/bin/sh\nprintf %s "$1" > {out}\n')
    recorder.chmod(0o755)
    code = "from studio_tray.system.browser import open_url; open_url('https://example.com/a?b=c')"
    env = {**os.environ, "BROWSER": str(recorder)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=30)
    wait_until(lambda: out.exists() and out.read_text(), what="the browser to get the URL")
    assert target_url(out.read_text()) == "https://example.com/a?b=c"


def test_redirect_page_is_private_and_removed_once_read(tmp_path: Path) -> None:
    """The page holding the URL is 0600, is never written over an existing file or link, and
    disappears soon after a reader opened it; an unread page is swept once expired."""
    url = f'https://d-abc.studio.us-east-1.sagemaker.aws/auth?token={TOKEN}&x="<'
    page = redirect_page.write_page(url, tmp_path)
    assert page.stat().st_mode & 0o777 == 0o600
    assert not redirect_page.was_read(page)
    assert target_url(page.as_uri()) == url  # reading it, as the browser does
    wait_until(lambda: not page.exists(), timeout=5, what="the page to be removed")
    stale = redirect_page.write_page(url, tmp_path, now=time.time() - 2 * redirect_page.LIFETIME)
    redirect_page.sweep(tmp_path)
    assert not stale.exists()


def test_a_browser_that_cannot_start_leaves_no_page(tmp_path: Path) -> None:
    """A failed start removes the page at once (no URL left on disk)."""
    with pytest.raises(LaunchError):
        browser.open_url("https://example.com/?token=" + TOKEN, "/nonexistent/browser {url}")
    assert not [p for p in redirect_page.pages_dir().iterdir() if TOKEN in p.read_text()]


def test_warming_up_finds_the_browsers_and_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = tmp_path / "ran"
    script = tmp_path / "browser"
    script.write_text(f'#!/bin/sh\necho "$@" >> {ran}\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    monkeypatch.setattr(browser.webbrowser, "_tryorder", None)  # as in a new process
    monkeypatch.setattr(browser, "_found", threading.Event())
    browser.warm()
    assert browser.webbrowser._tryorder  # registered: the first click does not pay for it
    assert not ran.exists()
    monkeypatch.setattr(browser.webbrowser, "_tryorder", None)
    monkeypatch.setattr(browser, "_found", threading.Event())
    monkeypatch.setenv("PATH", "")
    monkeypatch.delenv("BROWSER")
    monkeypatch.delenv("DISPLAY", raising=False)
    browser.warm()  # no browser at all: nothing to say yet
