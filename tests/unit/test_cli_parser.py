"""The command line's parser choice: a cold ``open`` builds only its own verb's parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio_tray import cli


@pytest.mark.parametrize(
    ("argv", "verb"),
    [
        (["open", "lab", "--print"], "open"),
        (["--config", "open", "list"], "list"),
        (["--debug", "--config", "/x.toml", "open", "lab"], "open"),
        (["--debug"], None),
        ([], None),
    ],
)
def test_the_verb_skips_options_and_the_config_path(argv: list[str], verb: str | None) -> None:
    assert cli._verb(argv) == verb


def test_the_open_only_parser_parses_open_as_the_full_one() -> None:
    argv = ["--debug", "open", "lab", "--print", "--config", "/x.toml"]
    small = cli.build_parser(("open",)).parse_args(argv)
    full = cli.build_parser().parse_args(argv)
    assert vars(small) == vars(full)
    assert set(cli.ONE_MODULE_VERBS) <= set(
        cli.build_parser()._subparsers._group_actions[0].choices
    )  # type: ignore[union-attr]


def test_open_with_global_options_after_the_verb_still_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("this is [ not toml\n")
    assert cli.main(["open", "lab", "--config", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studio-tray: broken.toml: line 1") and "Traceback" not in err
