"""The General tab's "press the keys" capture for the picker hotkey.

``combo_of`` (pure) turns one Tk key press (its keysym, character and modifier state) into the
config's hotkey syntax through ``hotkeys.combo.parse_hotkey``, the config's own rule; the Tk
part (``HotkeyCapture``) is a button that, once pressed, records the next combination typed
in the window. Escape cancels; a press of a modifier alone keeps waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tkinter as tk
    from tkinter import ttk

# Tk's modifier bits in a KeyPress's ``state``, per windowing system (``tk windowingsystem``).
MODIFIER_BITS = {
    "x11": {"ctrl": 0x4, "alt": 0x8, "shift": 0x1, "cmd": 0x40},
    "win32": {"ctrl": 0x4, "alt": 0x20000, "shift": 0x1, "cmd": 0x40},
    "aqua": {"ctrl": 0x4, "alt": 0x10, "shift": 0x1, "cmd": 0x8},
}
MODIFIER_KEYSYMS = frozenset(
    f"{name}_{side}"
    for name in ("Control", "Alt", "Shift", "Super", "Meta", "Hyper")
    for side in "LR"
) | {"Caps_Lock", "Num_Lock", "ISO_Level3_Shift", "Mode_switch", "Option_L", "Option_R"}
KEYSYM_NAMES = {
    "Return": "enter",
    "KP_Enter": "enter",
    "Escape": "esc",
    "BackSpace": "backspace",
    "Prior": "page_up",
    "Next": "page_down",
    "Page_Up": "page_up",
    "Page_Down": "page_down",
    "Print": "print_screen",
    "Scroll_Lock": "scroll_lock",
    "ISO_Left_Tab": "tab",
}
CANCEL = "Escape"


def combo_of(keysym: str, char: str, state: int, system: str = "x11") -> str | None:
    """The hotkey text (``<ctrl>+<alt>+p``) of one key press; None for a modifier alone (wait
    for the key). ``ValueError`` with the config rule's reason when the combination is not one
    the config accepts (no modifier, shift plus a character, a key it does not know)."""
    from studio_tray.hotkeys.combo import parse_hotkey

    if keysym in MODIFIER_KEYSYMS:
        return None
    bits = MODIFIER_BITS.get(system, MODIFIER_BITS["x11"])
    modifiers = [name for name, bit in bits.items() if state & bit]
    if len(keysym) == 1:
        key = keysym.lower()
    elif len(char) == 1 and char.isprintable() and not char.isspace():
        key = char.lower()  # punctuation: keysym "comma", character ","
    else:
        name = KEYSYM_NAMES.get(keysym, keysym.lower())
        key = f"<{name}>"
    if key == "+":
        text = "+".join(f"<{m}>" for m in modifiers) + "++"
    else:
        text = "+".join([*(f"<{m}>" for m in modifiers), key])
    return parse_hotkey(text)


class HotkeyCapture:
    """A "Press keys..." button writing the next combination into ``var``; ``report(line)``
    hears ``captured: COMBO`` / ``capture cancelled``, ``problem(text)`` why a combination is
    not accepted ("" when it is)."""

    IDLE, WAITING = "Press keys...", "Press the keys (Esc cancels)"

    def __init__(
        self,
        parent: tk.Misc,
        var: tk.StringVar,
        report: Callable[[str], object],
        problem: Callable[[str], None],
    ) -> None:
        from tkinter import ttk

        self.var = var
        self._report = report
        self._problem = problem
        self.waiting = False
        self.button: ttk.Button = ttk.Button(parent, text=self.IDLE, command=self.start)
        self.button.bind("<KeyPress>", self._key)
        self.button.bind("<FocusOut>", lambda _e: self._stop("capture cancelled"))

    def start(self) -> None:
        """Wait for the next combination pressed while the button has the keyboard."""
        self.waiting = True
        self.button.configure(text=self.WAITING)
        self.button.focus_set()
        self._problem("")
        self._report("capture: waiting")

    def _stop(self, line: str | None) -> None:
        if not self.waiting:
            return
        self.waiting = False
        self.button.configure(text=self.IDLE)
        if line:
            self._report(line)

    def _key(self, event: Any) -> str | None:
        if not self.waiting:
            return None  # space/Enter start it, Escape closes the window, as elsewhere
        if event.keysym == CANCEL:
            self._stop("capture cancelled")
            return "break"
        system = str(self.button.tk.call("tk", "windowingsystem"))
        try:
            combo = combo_of(event.keysym, event.char or "", int(event.state), system)
        except ValueError as err:
            self._problem(f"picker_hotkey {err}")
            self._stop(f"capture refused: {err}")
            return "break"
        if combo is None:
            return "break"  # a modifier: wait for the key
        self.var.set(combo)
        self._stop(f"captured: {combo}")
        return "break"
