"""The command line's parsers: a command line builds only its own verb's module
(``commands.VERBS``), every other verb a placeholder, and parses as the full parser would."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio_tray import cli
from studio_tray.commands import VERBS


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # help text wraps at the terminal's width


def _verbs(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def _helps(parser: argparse.ArgumentParser) -> dict[str, str | None]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {choice.dest: choice.help for choice in sub._choices_actions}


def _paths(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[list[str]]:
    """Every verb of ``parser`` and the verbs nested under it, as command-line words."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, verb in action.choices.items():
                yield [*path, name]
                yield from _paths(verb, (*path, name))


def _output(
    parser: argparse.ArgumentParser, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as ended:
        parser.parse_args(argv)
    out, err = capsys.readouterr()
    return ended.value.code, out, err


def test_the_table_lists_the_verbs_the_full_parser_registers_with_their_help() -> None:
    full = cli.build_parser()
    assert list(_verbs(full)) == list(VERBS)  # in --help's order
    assert _helps(full) == {verb: text for verb, (_, text) in VERBS.items()}
    for verb, (module, _) in VERBS.items():
        assert verb in _verbs(cli.build_parser((module,))), verb


def test_the_table_names_each_verbs_own_module() -> None:
    for verb, (module, _) in VERBS.items():
        built = _verbs(cli.build_parser((module,)))
        assert built[verb].get_default("func") is not cli._not_built, verb
        others = [v for v, (m, _) in VERBS.items() if m != module]
        assert all(built[v].get_default("func") is cli._not_built for v in others), module


def test_help_without_a_module_is_the_full_help() -> None:
    assert cli.build_parser(()).format_help() == cli.build_parser().format_help()


@pytest.mark.parametrize("verb", list(VERBS))
def test_each_verbs_help_is_the_same_from_its_own_module(
    verb: str, capsys: pytest.CaptureFixture[str]
) -> None:
    full = cli.build_parser()
    fast = cli.build_parser((VERBS[verb][0],))
    nested = [path for path in _paths(full) if path[0] == verb]
    assert nested and nested[0] == [verb]
    for path in nested:  # e.g. profile, profile add, profile list...
        code, out, _ = _output(fast, [*path, "--help"], capsys)
        assert (code, out) == _output(full, [*path, "--help"], capsys)[:2], path
        assert code == 0 and out.startswith(f"usage: studio-tray {' '.join(path)}"), path


def test_a_placeholder_is_never_run() -> None:
    placeholder = _verbs(cli.build_parser(("open",)))["list"]
    with pytest.raises(RuntimeError, match="not built"):
        placeholder.get_default("func")(argparse.Namespace(command="list"))


@pytest.mark.parametrize(
    "argv",
    [
        ["nope"],  # a typo: the full parser
        ["--debug", "nope"],
    ],
)
def test_an_unknown_verb_lists_every_verb(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as ended:
        cli.main(argv)
    assert ended.value.code == 2
    err = capsys.readouterr().err
    choices = ", ".join(f"'{verb}'" for verb in VERBS)
    assert f"invalid choice: 'nope' (choose from {choices})" in err
    # the same from a parser with one module built
    assert _output(cli.build_parser(("open",)), argv, capsys)[2] == err


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


@pytest.mark.parametrize(
    ("argv", "modules"),
    [
        (["open", "lab"], ("open",)),
        (["start", "lab"], ("spaces",)),
        (["--config", "/x.toml", "profile", "list"], ("profiles",)),
        ([], ("app",)),  # no verb is `run`
        (["--debug"], ("app",)),
        (["--help"], ()),
        (["--debug", "-h"], ()),
        (["nope"], cli.COMMAND_MODULES),
        (["--conf", "/x.toml", "list"], cli.COMMAND_MODULES),  # _verb takes /x.toml
    ],
)
def test_the_modules_a_command_line_builds(argv: list[str], modules: tuple[str, ...]) -> None:
    assert tuple(cli._modules_for(argv)) == modules


def _same_as_full(argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed the way ``main`` does, checked against the full parser's answer."""
    args = cli._parse(argv, cli._modules_for(argv))
    full = cli.build_parser()
    expected = full.parse_args(argv)
    if expected.command is None:
        expected = full.parse_args([*argv, "run"])
    assert args.func is not cli._not_built
    assert vars(args) == vars(expected)
    return args


@pytest.mark.parametrize(
    "argv",
    [
        ["--debug", "open", "lab", "--print", "--config", "/x.toml"],
        ["--config", "/x.toml", "list"],
        ["list", "--config", "/x.toml", "--debug"],
        ["profile", "add", "p", "--region", "us-east-1", "--config", "/x.toml"],
        ["spaces", "set", "lab", "--idle-timeout", "30", "--debug"],
        ["start", "lab", "--no-wait"],
        ["autostart", "status", "--config", "/x.toml"],
        ["demo", "--print", "Demo - alice - lab"],
        # an abbreviated --config: _verb takes its value for the verb; the full parser answers
        ["--conf", "/x.toml", "list"],
        # ... and when that value is itself a verb, the one built is not the one parsed
        ["--conf", "open", "list"],
        ["--conf", "open", "shortcut", "remove", "lab"],
        ["--conf", "open", "profile", "test", "p", "--config", "/y.toml"],
    ],
)
def test_a_command_line_parses_as_with_the_full_parser(argv: list[str]) -> None:
    _same_as_full(argv)


def test_global_options_before_and_after_the_verb() -> None:
    assert _same_as_full(["--config", "/a.toml", "list"]).config == "/a.toml"
    assert _same_as_full(["list", "--config", "/b.toml"]).config == "/b.toml"
    assert _same_as_full(["open", "lab", "--debug"]).debug is True


@pytest.mark.parametrize("argv", [[], ["--debug"], ["--config", "/x.toml"]])
def test_no_verb_means_run(argv: list[str]) -> None:
    from studio_tray.commands import app

    args = _same_as_full(argv)
    assert args.command == "run" and args.func is app.run


def test_a_verb_misread_lands_on_a_placeholder_and_is_parsed_again_in_full(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[tuple[str, ...]] = []
    build = cli.build_parser

    def recording(modules: tuple[str, ...] = cli.COMMAND_MODULES) -> argparse.ArgumentParser:
        built.append(tuple(modules))
        return build(modules)

    monkeypatch.setattr(cli, "build_parser", recording)
    from studio_tray.commands import shortcuts

    args = cli._parse(["--conf", "open", "list"], ("open",))
    assert args.func is shortcuts.run_list and args.config == "open"
    assert built == [("open",), cli.COMMAND_MODULES]


def test_extra_words_get_the_full_parsers_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as ended:
        cli.main(["open", "lab", "--bogus"])
    assert ended.value.code == 2
    assert "error: unrecognized arguments: --bogus" in capsys.readouterr().err


def test_open_with_global_options_after_the_verb_still_runs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("this is [ not toml\n")
    assert cli.main(["open", "lab", "--config", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("studio-tray: broken.toml: line 1") and "Traceback" not in err


@pytest.mark.parametrize("columns", ["100", "0", "junk", "-3"])
def test_the_help_width_is_argparses(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert cli._formatter("p")._width == argparse.HelpFormatter("p")._width
