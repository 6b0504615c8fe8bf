"""Item 3 of the security issue: concurrent edits of the config lose nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from studio_tray import config

ADDS = 20
ARGS = ("--profile", "prod", "--domain-id", "d-abc123def456", "--user-profile", "alice")


def test_twenty_concurrent_shortcut_adds_keep_all_twenty(isolated_env: dict[str, Path]) -> None:
    """20 ``shortcut add`` processes started at once all exit 0 and all 20 shortcuts are in the
    file afterwards. Before the fix each read-modify-write raced: runs lost several entries
    while every process printed "added" (or failed with "changed on disk")."""
    path = isolated_env["config"]
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.prod]\nregion = "us-east-1"\n', encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "studio_tray", "shortcut", "add", f"s{n:02d}", *ARGS],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env=os.environ.copy(),
        )
        for n in range(ADDS)
    ]
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
    assert [r for r in results if r[0] != 0] == []
    names = sorted(s.name for s in config.load(path).shortcuts)
    assert names == [f"s{n:02d}" for n in range(ADDS)]
