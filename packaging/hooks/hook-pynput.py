"""pynput imports ``pynput.<package>._<os>`` at run time: bundle only this OS's backends.

Replaces the contrib hook, which collects every backend (uinput needs evdev, darwin needs
pyobjc, win32 needs Windows).
"""

import sys

_os, _keys = {
    "darwin": ("darwin", "darwin_vks"),
    "win32": ("win32", "win32_vks"),
}.get(sys.platform, ("xorg", "xorg_keysyms"))

hiddenimports = [
    f"pynput.keyboard._{_os}",
    f"pynput.mouse._{_os}",
    f"pynput._util.{_os}",
    f"pynput._util.{_keys}",
]
