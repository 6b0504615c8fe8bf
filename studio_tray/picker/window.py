"""The Tk windows: the shortcut picker and the MFA code prompt (the only tkinter import).

Each runs in its own short-lived process (``studio-tray picker``, ``studio-tray prompt``), so
Tk never shares a process with the tray (pystray owns the main thread on macOS). What the
keyboard does is decided by ``studio_tray.picker.model``; this module only draws it and
forwards keys.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from studio_tray.errors import StudioTrayError
from studio_tray.picker.model import PickerState, Row, partial_code, valid_code

if TYPE_CHECKING:
    import tkinter as tk

PICKER_TITLE = "studio-tray picker"
POLL_MS = 100
FOCUS_GRACE_MS = 150
WIDTH, HEIGHT = 560, 320


def make_root(title: str, width: int, height: int) -> tk.Tk:
    """A centred Tk root window titled ``title``; ``StudioTrayError`` without a display."""
    import tkinter as tk

    try:
        root = tk.Tk(className="studio-tray")
    except tk.TclError as err:
        raise StudioTrayError(
            "cannot open a window: no display", hint="run it inside a desktop session"
        ) from err
    root.title(title)
    x = max(0, (root.winfo_screenwidth() - width) // 2)
    y = max(0, (root.winfo_screenheight() - height) // 3)
    root.geometry(f"{width}x{height}+{x}+{y}")
    root.attributes("-topmost", True)
    return root


def bring_forward(root: tk.Misc) -> None:
    """Show the window above the others and give it the keyboard."""
    top = root.winfo_toplevel()
    top.deiconify()
    top.lift()
    top.attributes("-topmost", True)
    top.focus_force()


def _show(root: tk.Tk, field: tk.Misc) -> None:
    bring_forward(root)
    field.focus_set()


def _close_on_focus_loss(root: tk.Tk, close: Callable[[], None]) -> None:
    # FocusOut also fires when focus moves between our own widgets, or while a window
    # manager reparents the window: only close when, a moment later, no widget of ours has it.
    seen = {"focus": False}

    def focus_in(_event: object) -> None:
        seen["focus"] = True

    def check() -> None:
        try:
            ours = root.focus_displayof() is not None
        except (KeyError, Exception):  # noqa: BLE001 - tk raises KeyError for foreign widgets
            ours = False
        if seen["focus"] and not ours:
            close()

    root.bind("<FocusIn>", focus_in, add="+")
    root.bind("<FocusOut>", lambda _e: root.after(FOCUS_GRACE_MS, check), add="+")


def _pump(root: tk.Tk, field: tk.Misc, wakeups: queue.Queue[str]) -> None:
    # Periodic return to Python so signal handlers run and "raise" requests are served.
    try:
        while True:
            wakeups.get_nowait()
            _show(root, field)
    except queue.Empty:
        pass
    root.after(POLL_MS, _pump, root, field, wakeups)


def run_picker(rows: Sequence[Row], wakeups: queue.Queue[str] | None = None) -> str | None:
    """Show the picker; the chosen shortcut's name, or None when closed without a choice.

    Anything put on ``wakeups`` brings the window forward (a second picker request).
    """
    import tkinter as tk

    state = PickerState(rows)
    result: dict[str, str | None] = {"name": None}
    root = make_root(PICKER_TITLE, WIDTH, HEIGHT)
    query = tk.StringVar(root)
    entry = tk.Entry(root, textvariable=query, font=("TkDefaultFont", 13))
    entry.pack(fill="x", padx=6, pady=(6, 3))
    listbox = tk.Listbox(root, activestyle="none", exportselection=False, takefocus=0)
    listbox.pack(fill="both", expand=True, padx=6, pady=(3, 6))

    def redraw() -> None:
        listbox.delete(0, "end")
        for row in state.visible:
            listbox.insert("end", row.label)
        if not state.visible:
            listbox.insert("end", "no shortcut matches" if state.rows else "no shortcuts yet")
            listbox.itemconfig(0, foreground="grey")
        elif state.index is not None:
            listbox.selection_set(state.index)
            listbox.see(state.index)

    def close() -> None:
        root.quit()

    def choose(_event: object = None) -> str:
        if state.chosen is not None:
            result["name"] = state.chosen
            close()
        return "break"

    def move(step: int) -> str:
        state.move(step)
        listbox.selection_clear(0, "end")
        redraw()
        return "break"

    def clicked(_event: object) -> None:
        picked = listbox.curselection()
        if picked:
            state.select(int(picked[0]))

    def typed(*_args: object) -> None:
        state.set_query(query.get())
        redraw()

    query.trace_add("write", typed)
    entry.bind("<Up>", lambda _e: move(-1))
    entry.bind("<Down>", lambda _e: move(1))
    entry.bind("<Prior>", lambda _e: move(-10))
    entry.bind("<Next>", lambda _e: move(10))
    for key in ("<Return>", "<KP_Enter>"):
        root.bind(key, choose)
    root.bind("<Escape>", lambda _e: close())
    listbox.bind("<<ListboxSelect>>", clicked)
    listbox.bind("<Double-Button-1>", choose)
    root.protocol("WM_DELETE_WINDOW", close)
    _close_on_focus_loss(root, close)
    redraw()
    root.after(POLL_MS, _pump, root, entry, wakeups or queue.Queue())
    root.after_idle(_show, root, entry)
    try:
        root.mainloop()
    finally:
        root.destroy()
    return result["name"]


def run_prompt(title: str, label: str) -> str | None:
    """Ask for a six-digit MFA code; the code, or None when cancelled."""
    import tkinter as tk

    result: dict[str, str | None] = {"code": None}
    root = make_root(title, 360, 130)
    tk.Label(root, text=label, anchor="w", justify="left", wraplength=340).pack(
        fill="x", padx=8, pady=(8, 4)
    )
    code = tk.StringVar(root)
    check = (root.register(partial_code), "%P")
    entry = tk.Entry(
        root,
        textvariable=code,
        validate="key",
        validatecommand=check,
        width=8,
        font=("TkFixedFont", 16),
        justify="center",
    )
    entry.pack(padx=8, pady=4)
    hint = tk.Label(root, text="6 digits, then Enter (Esc cancels)", foreground="grey")
    hint.pack(padx=8, pady=(0, 8))

    def submit(_event: object = None) -> None:
        if valid_code(code.get()):
            result["code"] = code.get()
            root.quit()
        else:
            hint.configure(text="the code has 6 digits", foreground="red")

    for key in ("<Return>", "<KP_Enter>"):
        root.bind(key, submit)
    root.bind("<Escape>", lambda _e: root.quit())
    root.protocol("WM_DELETE_WINDOW", root.quit)
    root.after_idle(_show, root, entry)
    try:
        root.mainloop()
    finally:
        root.destroy()
    return result["code"]
