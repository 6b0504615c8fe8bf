"""Benchmark: the tray with very large menus (issue 18). Run by hand, not by pytest.

    .venv/bin/python tests/bench/bench_menu.py          # ~1 minute; starts its own Xvfb

For 100, 1,000 and 10,000 shortcuts in 100 groups, and 1,000 and 10,000 groups of one, it
starts the real ``studio-tray run`` (pystray's GTK backend, trayer as the tray host, the GUI
tests' desktop) and prints how long start (until a right-click shows the menu), one update (a
reload until the GTK loop logs "menu ready") and quit (SIGTERM until exit) took, each as the
median of ``--rounds`` runs, and the ratios between sizes from the same run. Linear work gives
ratios near 1x for 10x the shortcuts once fixed costs dominate; quadratic work gives up to 100x.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fixtures.display import desktop  # noqa: E402
from tests.fixtures.menu_scale import Timings, time_tray  # noqa: E402

CASES = (
    ("100 in 100 groups", 100, 100),
    ("1,000 in 100 groups", 1_000, 100),
    ("10,000 in 100 groups", 10_000, 100),
    ("1,000 groups of one", 1_000, 1_000),
    ("10,000 groups of one", 10_000, 10_000),
)
RATIOS = (
    ("10,000 / 1,000 in 100 groups", "10,000 in 100 groups", "1,000 in 100 groups"),
    ("10,000 / 1,000 groups of one", "10,000 groups of one", "1,000 groups of one"),
)
PHASES = ("start", "update", "quit")


def median(runs: list[Timings], phase: str) -> float:
    """The median of ``phase`` over ``runs``."""
    return statistics.median(getattr(run, phase) for run in runs)


def seconds(value: float) -> str:
    """``1.23 s``, or ``n/a`` for a phase the tray under test cannot report."""
    return "n/a" if math.isnan(value) else f"{value:.2f} s"


def main() -> int:
    """Run every case and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="runs of each case (median)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per phase at most")
    args = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with desktop() as display, tempfile.TemporaryDirectory(prefix="bench-menu-") as tmp:
        for name, shortcuts, groups in CASES:
            runs = [
                time_tray(
                    display,
                    Path(tmp) / f"{shortcuts}-{groups}-{n}",
                    shortcuts,
                    groups,
                    args.timeout,
                )
                for n in range(args.rounds)
            ]
            results[name] = {phase: median(runs, phase) for phase in PHASES}
            print(
                f"{name}: " + ", ".join(f"{p} {seconds(results[name][p])}" for p in PHASES),
                file=sys.stderr,
                flush=True,
            )
    print("| menu | start | update | quit |")
    print("|---|---|---|---|")
    for name, _, _ in CASES:
        print(f"| {name} | " + " | ".join(seconds(results[name][p]) for p in PHASES) + " |")
    for label, large, small in RATIOS:
        cells = []
        for phase in PHASES:
            ratio = results[large][phase] / results[small][phase]
            cells.append("n/a" if math.isnan(ratio) else f"{ratio:.1f}x")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nrerun: .venv/bin/python tests/bench/bench_menu.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
