"""The "Add Identity Center..." page of the settings window, and the Tk side of a sign-in.

The form's fields come from ``settings.sso.SsoForm``; signing in and the portal calls run as
``settings.sso.Job``s on worker threads, followed with ``after`` (``follow``), so the window
keeps answering while the browser waits for the user. Nothing is written before Save.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray.errors import StudioTrayError
from studio_tray.settings.look import form_footer, pt
from studio_tray.settings.model import REGIONS
from studio_tray.settings.sso import (
    SIGN_IN_PART,
    Job,
    SsoForm,
    account_label,
    accounts_then,
    check_sso_form,
    roles_job,
    save_sso_profile,
    sign_in_job,
    source_of,
)

if TYPE_CHECKING:
    import tkinter as tk
    from tkinter import ttk

    from studio_tray.aws.sso.portal import Account
    from studio_tray.model import Config

POLL_MS = 100  # how often the window looks at what a job has sent
LABELS = {
    "name": "Name",
    "start_url": "SSO start URL",
    "sso_region": "SSO region",
    "session": "SSO session (optional)",
    "account_id": "Account",
    "role_name": "Role",
    "region": "Region",
    "endpoint_url": "Endpoint URL (optional)",
}
HEADING = "Add an IAM Identity Center profile"


def follow(
    widget: tk.Misc,
    job: Job,
    on_event: Callable[[str, Any], None],
    on_end: Callable[[str, Any], None],
) -> None:
    """Drain ``job``'s events on the Tk thread every ``POLL_MS``: ``on_event(kind, value)``
    for each report, ``on_end("done"|"error", value)`` once at the end."""

    def poll() -> None:
        while True:
            try:
                kind, value = job.events.get_nowait()
            except queue.Empty:
                widget.after(POLL_MS, poll)
                return
            if kind in ("done", "error"):
                on_end(kind, value)
                return
            on_event(kind, value)

    widget.after(POLL_MS, poll)


def cycle_choice(box: ttk.Combobox, step: int) -> str:
    """Up/Down in a read-only list choose the previous/next value without opening it (Alt+Down
    still opens it); Tk's "break" so its own binding does not run."""
    values = list(box.cget("values"))
    if values:
        current = box.get()
        index = values.index(current) + step if current in values else 0
        box.set(values[max(0, min(len(values) - 1, index))])
        box.event_generate("<<ComboboxSelected>>")
    return "break"


class SsoPage:
    """The form and its sign-in; ``frame`` is the page the window shows."""

    def __init__(
        self,
        parent: tk.Misc,
        path: Path,
        config: Callable[[], Config | None],
        report: Callable[[str], object],
        saved: Callable[[str], None],
        back: Callable[[], None],
    ) -> None:
        """``config()`` is the window's current config; ``saved(line)`` after a save, ``back()``
        for the Back button; ``report(line)`` hears every outcome."""
        import tkinter as tk
        from tkinter import ttk

        self.path = path
        self._config = config
        self._report = report
        self._saved = saved
        self._back = back
        self.job: Job | None = None
        self.accounts: list[Account] = []
        self.frame = page = ttk.Frame(parent)
        ttk.Label(page, text=HEADING, font=("TkHeadingFont", 13)).grid(
            row=0, column=0, columnspan=3, sticky="w", pady=(0, 6)
        )
        self.vars: dict[str, tk.StringVar] = {}
        self.widgets: dict[str, ttk.Entry] = {}
        row = 1
        for name in SsoForm.field_names():
            var = self.vars[name] = tk.StringVar(page)
            ttk.Label(page, text=LABELS[name]).grid(row=row, column=0, sticky="w", pady=1)
            widget: ttk.Entry
            if name in ("sso_region", "region"):
                widget = ttk.Combobox(page, textvariable=var, values=REGIONS, width=40)
            elif name in ("account_id", "role_name"):
                box = ttk.Combobox(page, state="readonly", width=40)
                self._cycles(box)
                widget = box
            else:
                widget = ttk.Entry(page, textvariable=var, width=42)
            widget.grid(row=row, column=1, sticky="we", pady=1)
            action = self.sign_in if name in SIGN_IN_PART else self.save
            for key in ("<Return>", "<KP_Enter>"):
                widget.bind(key, lambda _e, act=action: act())
            self.widgets[name] = widget
            row += 1
            if name == SIGN_IN_PART[-1]:
                self._sign_in_row(page, row)
                row += 2
        self.account_box: ttk.Combobox = self.widgets["account_id"]  # type: ignore[assignment]
        self.role_box: ttk.Combobox = self.widgets["role_name"]  # type: ignore[assignment]
        self.account_box.bind("<<ComboboxSelected>>", lambda _e: self.account_chosen())
        self.role_box.bind(
            "<<ComboboxSelected>>", lambda _e: self._report(f"role: {self.role_box.get()}")
        )
        for name in SIGN_IN_PART[1:]:  # another start URL, region or session: another sign-in
            self.vars[name].trace_add("write", lambda *_a: self._forget_accounts())
        self.error = tk.StringVar(page)
        form_footer(page, row, self.save, self.leave, self.error, columnspan=3, wraplength=pt(700))
        page.columnconfigure(1, weight=1)

    @staticmethod
    def _cycles(box: ttk.Combobox) -> None:
        box.bind("<Down>", lambda _e: cycle_choice(box, 1))
        box.bind("<Up>", lambda _e: cycle_choice(box, -1))

    def _sign_in_row(self, page: ttk.Frame, row: int) -> None:
        import tkinter as tk
        from tkinter import ttk

        line = ttk.Frame(page)
        line.grid(row=row, column=1, sticky="we", pady=(4, 2))
        self.sign_in_button = ttk.Button(line, text="Sign in", command=self.sign_in)
        self.sign_in_button.pack(side="left")
        self.cancel_button = ttk.Button(
            line, text="Cancel sign-in", command=self.cancel, state="disabled"
        )
        self.cancel_button.pack(side="left", padx=6)
        self.bar = ttk.Progressbar(line, mode="indeterminate", length=160)
        self.bar.pack(side="left", padx=6)
        self.progress = tk.StringVar(page)
        ttk.Label(page, textvariable=self.progress, wraplength=pt(560), justify="left").grid(
            row=row + 1, column=1, columnspan=2, sticky="w", pady=(0, 4)
        )

    # -- what the window calls --------------------------------------------------------------
    def open(self) -> None:
        """Empty the form; the keyboard in its first field."""
        self.cancel()
        for var in self.vars.values():
            var.set("")
        for box in (self.account_box, self.role_box):
            box.configure(values=())
            box.set("")
        self.accounts = []
        self.error.set("")
        self.progress.set("")
        self.widgets["name"].focus_set()

    def leave(self) -> None:
        """Back to the lists; a sign-in under way is given up."""
        self.cancel()
        self._back()

    def _forget_accounts(self) -> None:
        if self.accounts and self.job is None:
            self.accounts = []
            for box in (self.account_box, self.role_box):
                box.configure(values=())
                box.set("")

    def form(self) -> SsoForm:
        """The form as typed and chosen."""
        values = {name: var.get() for name, var in self.vars.items()}
        account = self.account_box.get()
        found = [a.account_id for a in self.accounts if account_label(a) == account]
        values["account_id"] = found[0] if found else ""
        values["role_name"] = self.role_box.get()
        return SsoForm(**values)

    # -- signing in -------------------------------------------------------------------------
    def sign_in(self) -> None:
        """Check the fields, then sign in on a worker thread and list the accounts."""
        if self.job is not None:
            return
        config = self._config()
        if config is None:
            return
        try:
            profile = check_sso_form(self.form(), config, chosen=False)
            source = source_of(profile)
        except StudioTrayError as err:
            self._refused(f"not signed in: {err}", str(err))
            return
        self.error.set("")
        self.accounts = []
        for box in (self.account_box, self.role_box):
            box.configure(values=())
            box.set("")
        self.progress.set(f"signing in at {source.start_url}...")
        job = sign_in_job(source, config.settings.browser, then=accounts_then(source), reuse=True)
        self._running(job)
        follow(self.frame, job, self._sign_in_event, lambda k, v: self._signed_in(k, v, source))

    def cancel(self) -> None:
        """Give up the sign-in under way (the job ends with "cancelled")."""
        if self.job is not None:
            self.job.cancel()

    def _running(self, job: Job | None) -> None:
        self.job = job.start() if job is not None else None
        if job is not None:
            self.bar.start(50)
            self.sign_in_button.state(["disabled"])
            self.cancel_button.state(["!disabled"])
        else:
            self.bar.stop()
            self.sign_in_button.state(["!disabled"])
            self.cancel_button.state(["disabled"])

    def _sign_in_event(self, kind: str, value: Any) -> None:
        if kind == "code":
            code, url = value
            self.progress.set(f"Enter the code {code} at {url}")
            self.cancel_button.focus_set()
            self._report(f"sign-in: code {code} at {url}")
        elif kind == "browser":
            self.progress.set(f"{self.progress.get()}\n{value}")
            self._report(f"sign-in: {value}")
        elif kind == "signed-in":
            self.progress.set(value)
            self._report(f"sign-in: {value}")

    def _signed_in(self, kind: str, value: Any, source: Any) -> None:
        self._running(None)
        if kind == "error":
            self.progress.set("")
            self._refused(f"not signed in: {value}", value)
            self.sign_in_button.focus_set()  # to try again
            return
        self.accounts = list(value)
        self.account_box.configure(values=[account_label(a) for a in self.accounts])
        self._report(f"accounts: {len(self.accounts)}")
        if not self.vars["region"].get().strip():
            self.vars["region"].set(self.vars["sso_region"].get().strip())
        self.account_box.focus_set()
        if len(self.accounts) == 1:
            self.account_box.set(account_label(self.accounts[0]))
            self.account_chosen(source)

    def account_chosen(self, source: Any = None) -> None:
        """List the roles of the chosen account (a portal call on a worker thread)."""
        config = self._config()
        account = self.form().account_id
        if not account or config is None or self.job is not None:
            return
        if source is None:
            try:
                source = source_of(check_sso_form(self.form(), config, chosen=False))
            except StudioTrayError as err:
                self._refused(f"not listed: {err}", str(err))
                return
        self.role_box.configure(values=())
        self.role_box.set("")
        job = roles_job(source, account)
        self._running(job)
        follow(self.frame, job, lambda _k, _v: None, lambda k, v: self._roles(k, v, account))

    def _roles(self, kind: str, value: Any, account: str) -> None:
        self._running(None)
        if self.form().account_id != account:  # another account was chosen meanwhile
            self.account_chosen()
            return
        if kind == "error":
            self._refused(f"not listed: {value}", value)
            return
        roles = list(value)
        self.role_box.configure(values=roles)
        if len(roles) == 1:
            self.role_box.set(roles[0])
        self._report(f"roles: {len(roles)}")
        self.role_box.focus_set()

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        """Write the profile as ``profile add --sso-*`` does; every problem shown otherwise."""
        if self.job is not None:
            self._refused("not saved: still signing in", "wait for the sign-in (or cancel it)")
            return
        try:
            profile, replaced = save_sso_profile(self.path, self.form())
        except StudioTrayError as err:
            self._refused(f"not saved: {err}", str(err))
            return
        self.error.set("")
        self._saved(
            f"{'updated' if replaced else 'added'} profile {profile.name}: "
            f"account {profile.sso_account_id}, role {profile.sso_role_name}"
        )

    def _refused(self, line: str, shown: str) -> None:
        self.error.set(shown)
        self.frame.update_idletasks()
        self._report(line)


class ProfileSignIn:
    """The Profiles tab's "Sign in" button: the device flow for the selected profile; the
    button turns into "Cancel sign-in" while it waits. ``status(line)`` shows a line in the
    window, ``done(name)`` re-reads the list's rows (the profile's then says until when)."""

    def __init__(
        self,
        button: ttk.Button,
        report: Callable[[str], object],
        status: Callable[[str], None],
        done: Callable[[str], None],
    ) -> None:
        self.button = button
        self._report = report
        self._status = status
        self._done = done
        self.job: Job | None = None
        self._state = ""
        button.configure(command=self.toggle)
        self._chosen: Callable[[], tuple[Any, str] | None] = lambda: None

    def bind(self, chosen: Callable[[], tuple[Any, str] | None]) -> None:
        """``chosen()``: the selected profile and the browser command (None: no selection)."""
        self._chosen = chosen

    def toggle(self) -> None:
        """Sign in, or cancel the sign-in under way."""
        if self.job is not None:
            self.job.cancel()
            return
        picked = self._chosen()
        if picked is None:
            return
        profile, browser = picked
        try:
            source = source_of(profile)
        except StudioTrayError as err:
            self._line(str(err))
            return
        self._line(f"signing in profile {profile.name}...")
        self.job = sign_in_job(source, browser).start()
        self.button.configure(text="Cancel sign-in")
        follow(self.button, self.job, self._event, lambda k, v: self._end(k, v, profile.name))

    def cancel(self) -> None:
        """Give up a sign-in under way (the window is closing)."""
        if self.job is not None:
            self.job.cancel()

    def _line(self, line: str) -> None:
        self._status(line)
        self._report(line)

    def _event(self, kind: str, value: Any) -> None:
        if kind == "code":
            code, url = value
            self._line(f"sign-in: code {code} at {url}")
        elif kind == "browser":
            self._report(f"sign-in: {value}")
        elif kind == "signed-in":
            self._state = str(value)

    def _end(self, kind: str, value: Any, name: str) -> None:
        self.job = None
        self.button.configure(text="Sign in")
        self._done(name)
        if kind == "error":
            self._line(f"not signed in: {value}")
        else:
            self._line(f"signed in: profile {name}, {self._state}")
