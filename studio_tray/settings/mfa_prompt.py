"""The add-keys form's MFA code prompt: a small Tk dialog over the settings window.

Shown when Save is pressed on a profile with a role ARN and an MFA serial. The code is checked
by the rule STS and the emulator share (``api_rules.check_mfa_code``: six ASCII digits) before
the dialog closes; Cancel, Escape or closing it gives up the save. It only collects the code:
the AssumeRole check runs afterwards on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from studio_tray import api_rules
from studio_tray.settings.look import pt

if TYPE_CHECKING:
    import tkinter as tk

MFA_TITLE = "MFA code"
BAD_CODE = "the MFA code must be exactly 6 digits (0-9): enter the code your device shows now"


def code_problem(text: str) -> str | None:
    """Why ``text`` (as typed) is no MFA code, or None when it is one."""
    return BAD_CODE if api_rules.check_mfa_code(text.strip()) else None


class MfaPrompt:
    """Ask for ``serial``'s current code; ``answer(code)`` once with the code, or with None
    when cancelled. ``report(line)`` hears what happens (the code itself never)."""

    def __init__(
        self,
        parent: tk.Misc,
        profile: str,
        serial: str,
        answer: Callable[[str | None], None],
        report: Callable[[str], object],
    ) -> None:
        import tkinter as tk
        from tkinter import ttk

        self._answer = answer
        self._report = report
        self._back_to = parent.focus_get()  # where the keyboard goes when the prompt closes
        self.top = tk.Toplevel(parent)
        self.top.title(MFA_TITLE)
        self.top.transient(parent.winfo_toplevel())
        self.top.resizable(False, False)
        frame = ttk.Frame(self.top, padding=12)
        frame.pack(fill="both", expand=True)
        ttk.Label(frame, text=f"MFA code for profile {profile}\n({serial})", justify="left").grid(
            row=0, column=0, columnspan=2, sticky="w"
        )
        self.code = tk.StringVar(self.top)
        self.entry = ttk.Entry(frame, textvariable=self.code, width=12)
        self.entry.grid(row=1, column=0, columnspan=2, sticky="w", pady=8)
        self.error = tk.StringVar(self.top)
        ttk.Label(frame, textvariable=self.error, style="Error.TLabel", wraplength=pt(320)).grid(
            row=2, column=0, columnspan=2, sticky="w"
        )
        ttk.Button(frame, text="OK", command=self.ok).grid(row=3, column=0, sticky="w")
        ttk.Button(frame, text="Cancel", command=self.cancel).grid(
            row=3, column=1, sticky="w", padx=6
        )
        for key in ("<Return>", "<KP_Enter>"):
            self.top.bind(key, lambda _e: self.ok())
        self.top.bind("<Escape>", lambda _e: self.cancel())
        self.top.protocol("WM_DELETE_WINDOW", self.cancel)
        self.top.wait_visibility()
        self.top.grab_set()
        self.entry.focus_force()
        report("mfa prompt: shown")

    def ok(self) -> None:
        """Close with the typed code, or say why it is none and stay open."""
        problem = code_problem(self.code.get())
        if problem:
            self.error.set(problem)
            self._report("mfa prompt: not a code")
            return
        code = self.code.get().strip()
        self._close()
        self._answer(code)

    def cancel(self) -> None:
        """Close without a code."""
        self._close()
        self._report("mfa prompt: cancelled")
        self._answer(None)

    def _close(self) -> None:
        self.top.grab_release()
        self.top.destroy()
        if self._back_to is not None:
            self._back_to.focus_force()
