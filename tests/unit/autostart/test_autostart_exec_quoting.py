"""Desktop Entry ``Exec=`` quoting: known answers, round trips, and GLib's own parser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio_tray.autostart.desktop_exec import join_exec, quote_arg, split_exec
from tests.fixtures.env import need

# Any text a path can hold (valid UTF-8, no NUL), newlines and tabs included.
ARG = st.text(
    st.characters(min_codepoint=32, blacklist_categories=("Cs",)) | st.sampled_from("\t\n\r"),
    max_size=20,
)


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/studio-tray", "/usr/bin/studio-tray"),
        ("run", "run"),
        ("", '""'),
        ("/opt/my apps/studio-tray", '"/opt/my apps/studio-tray"'),
        ("/a/$HOME", '"/a/\\$HOME"'),
        ("/a/`id`", '"/a/\\`id\\`"'),
        ('/a/"q"', '"/a/\\"q\\""'),
        ("/a/b\\c", '"/a/b\\\\c"'),
        ("/a/50%", "/a/50%%"),
        ("/a b/50%", '"/a b/50%%"'),
        ("/a/it's", '"/a/it\'s"'),
    ],
)
def test_quote_arg_known_answers(arg: str, quoted: str):
    assert quote_arg(arg) == quoted


def test_value_escapes_double_backslashes_after_quoting():
    # The spec: a literal backslash inside a quoted argument is four in the file.
    assert join_exec(["/a b\\c", "run"]) == '"/a b\\\\\\\\c" run'
    assert join_exec(["/a b/$x"]) == '"/a b/\\\\$x"'


def test_split_reads_the_spec_examples():
    assert split_exec('"/a b/\\\\$x" run') == ["/a b/$x", "run"]
    assert split_exec("app %U --flag") == ["app", "--flag"]
    assert split_exec("app 100%%") == ["app", "100%"]
    assert split_exec('"a\\sb" c') == ["a b", "c"]
    with pytest.raises(ValueError):
        split_exec('"/unterminated run')


@given(st.lists(ARG, min_size=1, max_size=5))
def test_join_then_split_round_trips(argv: list[str]):
    assert split_exec(join_exec(argv)) == argv


@given(st.lists(ARG.filter(lambda a: "%" not in a), min_size=1, max_size=5))
def test_glib_parses_our_exec_values_the_same_way(argv: list[str]):
    """GLib (the GNOME session's launcher) reads the key file, then shell-parses Exec."""
    try:
        import gi

        gi.require_version("GLib", "2.0")
        from gi.repository import GLib
    except (ImportError, ValueError):
        need(False, "PyGObject with GLib is installed")
        return
    key_file = GLib.KeyFile()
    text = f"[Desktop Entry]\nExec={join_exec(argv)}\n"
    key_file.load_from_data(text, len(text.encode()), GLib.KeyFileFlags.NONE)
    value = key_file.get_string("Desktop Entry", "Exec")
    ok, parsed = GLib.shell_parse_argv(value)
    assert ok and parsed == argv
