"""The settings window in Tk (with ``sso_page`` and ``mfa_prompt``, the package's only tkinter
imports).

It runs in its own process (``studio-tray settings``), like the picker, so the tray never
loads Tk. Pages: the welcome page (first run), the Profiles and Shortcuts tabs, the add-keys
form, the add-Identity-Center form (``sso_page``), and the config error page (a file that
does not parse is never overwritten). What the forms accept is decided by ``settings.model``
(and ``settings.sso``); what a save does by ``settings.actions``.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio_tray.errors import ConfigError, StudioTrayError
from studio_tray.model import Config
from studio_tray.picker.window import bring_forward, make_root
from studio_tray.settings import actions
from studio_tray.settings.look import form_footer, pt
from studio_tray.settings.model import (
    REGIONS,
    SSO,
    Choice,
    Counts,
    GeneralForm,
    KeysForm,
    ShortcutForm,
    count_findings,
    discovery_choices,
    discovery_notes,
    is_first_run,
    profile_rows,
    shortcut_rows,
)
from studio_tray.settings.sso import sign_in_state
from studio_tray.settings.sso_page import ProfileSignIn, SsoPage

if TYPE_CHECKING:
    import tkinter as tk
    from tkinter import ttk

    from studio_tray.autostart import Autostart

SETTINGS_TITLE = "studio-tray settings"
REMOVE_TITLE = "Remove profile"
WIDTH, HEIGHT = 760, 460
WELCOME, LISTS, ADD_KEYS, SHORTCUT = "welcome", "lists", "add-keys", "shortcut"
DISCOVER = "discover"
ADD_SSO = "add-sso"
POLL_MS = 100  # how often the window looks at what the discovery thread has sent
WRAP = pt(WIDTH - 60)  # where the forms' messages wrap (points: it follows the scaling)
WAKE_MS = 200  # how often it looks whether a second launch asked it to come forward
SHORTCUT_LABELS = {
    "name": "Name",
    "profile": "Profile",
    "domain_id": "Domain ID",
    "user_profile": "User profile",
    "space": "Space (optional)",
    "landing_uri": "Landing URI (optional)",
    "group": "Group (optional)",
    "hotkey": "Hotkey (optional)",
    "browser": "Browser command (optional)",
}
LABELS = {
    "name": "Name",
    "access_key_id": "Access key ID",
    "secret": "Secret access key",
    "region": "Region",
    "role_arn": "Role ARN (optional)",
    "mfa_serial": "MFA serial (optional)",
    "endpoint_url": "Endpoint URL (optional)",
}
WELCOME_TEXT = (
    "studio-tray opens Amazon SageMaker Studio from the tray: one click per shortcut, a fresh "
    "sign-in URL each time. Keys stay in the OS keyring.\n\nTo start, add a profile:"
)
GENERAL_LABELS = {
    "expires_in": "URL valid for (seconds, 5-300)",
    "session_duration": "Studio session (seconds, 1800-43200)",
    "browser": "Browser command (empty: default)",
    "picker_hotkey": "Picker hotkey (empty: off)",
    "space_start_minutes": "Wait for a space to start (minutes, 1-120)",
    "remind_running_hours": "Running space reminder (hours, 0: off)",
    "status_refresh_minutes": "Status refresh (minutes, 0: on demand)",
}


def _style(root: tk.Tk) -> float:
    from tkinter import ttk

    from studio_tray.settings import look

    factor = look.apply(root, WIDTH, HEIGHT)
    ttk.Style(root).configure("Error.TLabel", foreground="#b00020")
    return factor


class SettingsWindow:
    """The window's widgets and what they do; ``run`` blocks until it is closed."""

    def __init__(
        self,
        path: Path,
        store: Any,
        *,
        start: str | None = None,
        opener: Callable[[Path], None] | None = None,
        demo: Callable[[], object] | None = None,
        report: Callable[[str], object] | None = None,
        autostart: Autostart | None = None,
        woken: threading.Event | None = None,
    ) -> None:
        """``report(line)`` hears each outcome (saved, refused, removed): stderr by default.
        ``autostart``: the start-at-login backend (None: the checkbox is not shown).
        ``woken``: set when a second launch asks this window to come forward."""
        import tkinter as tk
        from tkinter import ttk

        self.path = path
        self.store = store
        self.autostart = autostart
        self._opener = opener
        self._woken = woken
        self._demo = demo
        self._report = report or (lambda line: print(line, file=sys.stderr, flush=True))
        self.root = make_root(SETTINGS_TITLE, WIDTH, HEIGHT)
        self.root.attributes("-topmost", False)
        self.scale = _style(self.root)
        self.body = ttk.Frame(self.root, padding=8)
        self.body.pack(fill="both", expand=True)
        self.status = tk.StringVar(self.root)
        self.form_vars: dict[str, tk.StringVar] = {}
        self.form_error = tk.StringVar(self.root)
        self.shortcut_vars: dict[str, tk.StringVar] = {}
        self.shortcut_error = tk.StringVar(self.root)
        self.editing: str | None = None
        self._keys_job: Any = None  # the STS check of a save under way
        self._close_after_save = False  # closing was asked while it ran
        self.page: str | None = None
        self.config: Config | None = None
        self.first_field: tk.Misc | None = None
        self.root.bind("<Escape>", lambda _e: self.close())
        self.root.protocol("WM_DELETE_WINDOW", self.close)
        self._build_pages()
        self.reload(start)

    # pages --------------------------------------------------------------------------------

    def _build_pages(self) -> None:
        from tkinter import ttk

        self.pages: dict[str, ttk.Frame] = {}
        self.pages[WELCOME] = self._welcome_page()
        self.pages[LISTS] = self._lists_page()
        self.pages[ADD_KEYS] = self._keys_page()
        self.pages[SHORTCUT] = self._shortcut_page()
        self.pages[DISCOVER] = self._discover_page()
        self.sso_page = SsoPage(
            self.body,
            self.path,
            lambda: self.config,
            self._report,
            self._sso_saved,
            lambda: self.show(LISTS),
        )
        self.pages[ADD_SSO] = self.sso_page.frame
        self.pages["error"] = self._error_page()
        ttk.Label(self.root, textvariable=self.status, padding=(8, 0, 8, 6)).pack(
            fill="x", side="bottom"
        )

    def show(self, page: str) -> None:
        """Show one page (welcome, lists, add-keys or error); reported when it changes."""
        if page != self.page:
            self._report(f"page: {page}")
        for frame in self.pages.values():
            frame.pack_forget()
        self.pages[page].pack(in_=self.body, fill="both", expand=True)
        self.page = page
        if page == ADD_KEYS and self.first_field is not None:
            self.first_field.focus_set()
        elif page == SHORTCUT:
            self.shortcut_first.focus_set()
        elif page == DISCOVER:
            self.discover_profile.focus_set()
        elif page == ADD_SSO:
            self.sso_page.widgets["name"].focus_set()
        elif page == LISTS:
            self._focus_tab()
        elif page == WELCOME:
            self.welcome_first.focus_set()
        elif page == "error":
            self.reload_button.focus_set()

    def _welcome_page(self) -> ttk.Frame:
        from tkinter import ttk

        page = ttk.Frame(self.body)
        ttk.Label(page, text="Welcome to studio-tray", font=("TkHeadingFont", 16)).pack(
            anchor="w", pady=(4, 8)
        )
        ttk.Label(page, text=WELCOME_TEXT, wraplength=pt(WIDTH - 40), justify="left").pack(
            anchor="w", pady=(0, 12)
        )
        self.welcome_first = ttk.Button(
            page, text="Add AWS keys", command=lambda: self.open_keys_form()
        )
        self.welcome_first.pack(anchor="w", pady=3)
        ttk.Button(page, text="Sign in with IAM Identity Center", command=self.open_sso_form).pack(
            anchor="w", pady=3
        )
        ttk.Button(page, text="Try the demo", command=self.try_demo).pack(anchor="w", pady=3)
        return page

    def _lists_page(self) -> ttk.Frame:
        from tkinter import ttk

        page = ttk.Frame(self.body)
        self.notebook = ttk.Notebook(page)
        self.notebook.pack(fill="both", expand=True)
        tab = ttk.Frame(self.notebook, padding=6)
        self.profiles = self._tree(tab, ("name", "kind", "region", "state"), (140, 120, 110, 300))
        self.profiles.bind("<Delete>", lambda _e: self.remove_selected())
        buttons = ttk.Frame(tab)
        buttons.pack(fill="x", pady=(6, 0))
        ttk.Button(buttons, text="Add keys...", command=lambda: self.open_keys_form()).pack(
            side="left"
        )
        ttk.Button(buttons, text="Add Identity Center...", command=self.open_sso_form).pack(
            side="left", padx=(6, 0)
        )
        ttk.Button(buttons, text="Remove", command=self.remove_selected).pack(side="left", padx=6)
        ttk.Button(buttons, text="Test", command=self.test_selected).pack(side="left")
        sign_in = ttk.Button(buttons, text="Sign in")
        sign_in.pack(side="left", padx=6)
        self.profile_sign_in = ProfileSignIn(
            sign_in, self._report, self.status.set, self._signed_in
        )
        self.profile_sign_in.bind(self._selected_profile)
        ttk.Button(buttons, text="Reload", command=lambda: self.reload()).pack(side="right")
        self.notebook.add(tab, text="Profiles", underline=0)
        tab = ttk.Frame(self.notebook, padding=6)
        self.shortcuts = self._tree(
            tab, ("name", "group", "profile", "where"), (160, 100, 100, 310)
        )
        self.shortcuts.bind("<Delete>", lambda _e: self.remove_shortcut())
        self.shortcuts.bind("<Return>", lambda _e: self.edit_shortcut())
        buttons = ttk.Frame(tab)
        buttons.pack(fill="x", pady=(6, 0))
        for text, command in (
            ("Add...", self.add_shortcut),
            ("Edit...", self.edit_shortcut),
            ("Remove", self.remove_shortcut),
            ("Move up", lambda: self.move_shortcut(-1)),
            ("Move down", lambda: self.move_shortcut(1)),
            ("Discover...", self.open_discover),
        ):
            ttk.Button(buttons, text=text, command=command).pack(side="left", padx=(0, 6))
        self.notebook.add(tab, text="Shortcuts", underline=0)
        self.notebook.add(self._general_tab(), text="General", underline=0)
        self.notebook.enable_traversal()
        self.notebook.bind("<<NotebookTabChanged>>", lambda _e: self._focus_tab())
        return page

    def _focus_tab(self) -> None:
        # The keyboard goes to the list of the tab just shown (Ctrl+Tab, Alt+P, Alt+S); after
        # idle, because ttk's tab switch moves the focus to the notebook once it is done.
        def focus() -> None:
            if self.page != LISTS:
                return
            current = self.notebook.index("current")
            self._report(f"tab: {self.notebook.tab(current, 'text').lower()}")
            if current == 2:
                self.general_first.focus_set()
                self.general_first.select_range(0, "end")
                self.general_first.icursor("end")
                return
            (self.shortcuts if current == 1 else self.profiles).focus_set()

        self.root.after_idle(focus)

    def _general_tab(self) -> ttk.Frame:
        import tkinter as tk
        from tkinter import ttk

        tab = ttk.Frame(self.notebook, padding=8)
        self.general_vars: dict[str, tk.StringVar] = {}
        for row, (name, text) in enumerate(GENERAL_LABELS.items()):
            var = self.general_vars[name] = tk.StringVar(self.root)
            ttk.Label(tab, text=text).grid(row=row, column=0, sticky="w", pady=2)
            entry = ttk.Entry(tab, textvariable=var, width=34 if name == "browser" else 20)
            entry.grid(row=row, column=1, sticky="w", pady=2, padx=6)
            for key in ("<Return>", "<KP_Enter>"):
                entry.bind(key, lambda _e: self.save_general())
            if row == 0:
                self.general_first = entry
            if name == "browser":
                ttk.Button(tab, text="Test", command=self.try_browser).grid(
                    row=row, column=2, sticky="w"
                )
            if name == "picker_hotkey":
                self._hotkey_capture(tab, var, row)
        self.start_at_login = tk.BooleanVar(self.root)
        if self.autostart is not None:
            ttk.Checkbutton(tab, text="Start at login", variable=self.start_at_login).grid(
                row=len(GENERAL_LABELS), column=1, sticky="w", padx=6, pady=4
            )
        ttk.Button(tab, text="Save", command=self.save_general).grid(
            row=10, column=1, sticky="w", padx=6, pady=(8, 0)
        )
        self.general_error = tk.StringVar(self.root)
        ttk.Label(
            tab,
            textvariable=self.general_error,
            style="Error.TLabel",
            wraplength=WRAP,
            justify="left",
        ).grid(row=11, column=0, columnspan=3, sticky="w", pady=(8, 0))
        return tab

    def _hotkey_capture(self, tab: ttk.Frame, var: tk.StringVar, row: int) -> None:
        from studio_tray.settings.capture import HotkeyCapture

        capture = HotkeyCapture(tab, var, self._report, lambda text: self.general_error.set(text))
        capture.button.grid(row=row, column=2, sticky="w")

    def _fill_general(self, config: Config) -> None:
        enabled = False
        if self.autostart is not None:
            try:
                enabled = self.autostart.is_enabled()
            except StudioTrayError as err:
                self.general_error.set(str(err))
        form = GeneralForm.of(config.settings, enabled)
        for name, var in self.general_vars.items():
            var.set(getattr(form, name))
        self.start_at_login.set(form.start_at_login)

    def save_general(self) -> None:
        """Check every field as the config loader does and save what changed; all problems
        at once, nothing written, when there are any."""
        form = GeneralForm(
            **{name: var.get() for name, var in self.general_vars.items()},
            start_at_login=self.start_at_login.get(),
        )
        try:
            changed = actions.save_general(self.path, form, self.autostart)
        except StudioTrayError as err:
            self.general_error.set(str(err))
            self.root.update_idletasks()
            self._report(f"not saved: {err}")
            self._show_if_broken(err)
            return
        self.general_error.set("")
        done = "saved settings: " + ", ".join(changed) if changed else "nothing changed"
        self.status.set(done)
        self._report(done)
        self.reload(LISTS)

    def try_browser(self) -> None:
        """Open a blank page with the browser command as typed."""
        try:
            actions.try_browser(self.general_vars["browser"].get())
        except StudioTrayError as err:
            self.general_error.set(str(err))
            self._report(f"browser test failed: {err}")
            return
        self.general_error.set("")
        self.status.set("the browser was asked to open a blank page")
        self._report("browser test: started")

    @staticmethod
    def _tree(parent: tk.Misc, columns: tuple[str, ...], widths: tuple[int, ...]) -> ttk.Treeview:
        from tkinter import ttk

        tree = ttk.Treeview(parent, columns=columns, show="headings", selectmode="browse")
        for column, width in zip(columns, widths, strict=True):
            tree.heading(column, text=column.capitalize())
            pixels = round(parent.winfo_fpixels(pt(width)))  # as scaled
            tree.column(column, width=pixels, stretch=column == columns[-1])
        tree.pack(fill="both", expand=True)
        return tree

    def _keys_page(self) -> ttk.Frame:
        import tkinter as tk
        from tkinter import ttk

        page = ttk.Frame(self.body)
        ttk.Label(page, text="Add a profile with AWS keys", font=("TkHeadingFont", 13)).grid(
            row=0, column=0, columnspan=3, sticky="w", pady=(0, 8)
        )
        self.secret_entry: ttk.Entry | None = None
        for row, name in enumerate(KeysForm.field_names(), start=1):
            var = tk.StringVar(self.root)
            self.form_vars[name] = var
            ttk.Label(page, text=LABELS[name]).grid(row=row, column=0, sticky="w", pady=2)
            widget: ttk.Entry
            if name == "region":
                widget = ttk.Combobox(page, textvariable=var, values=REGIONS, width=40)
            else:
                widget = ttk.Entry(page, textvariable=var, width=42)
            if name == "secret":
                widget.configure(show="\u2022")
                self.secret_entry = widget
                self.secret_shown = tk.BooleanVar(self.root)
                ttk.Checkbutton(
                    page,
                    text="Show",
                    variable=self.secret_shown,
                    takefocus=0,
                    command=self._show_secret,
                ).grid(row=row, column=2, sticky="w", padx=6)
            widget.grid(row=row, column=1, sticky="we", pady=2)
            for key in ("<Return>", "<KP_Enter>"):
                widget.bind(key, lambda _e: self.save_keys())
            if self.first_field is None:
                self.first_field = widget
        form_footer(
            page,
            9,
            self.save_keys,
            lambda: self.show(LISTS),
            self.form_error,
            columnspan=3,
            wraplength=WRAP,
            pady=8,
        )
        page.columnconfigure(1, weight=1)
        return page

    def _shortcut_page(self) -> ttk.Frame:
        import tkinter as tk
        from tkinter import ttk

        page = ttk.Frame(self.body)
        self.shortcut_heading = ttk.Label(page, text="", font=("TkHeadingFont", 13))
        self.shortcut_heading.grid(row=0, column=0, columnspan=2, sticky="w", pady=(0, 6))
        for row, name in enumerate(ShortcutForm.field_names(), start=1):
            var = tk.StringVar(self.root)
            self.shortcut_vars[name] = var
            ttk.Label(page, text=SHORTCUT_LABELS[name]).grid(row=row, column=0, sticky="w")
            widget: ttk.Entry
            if name == "profile":
                widget = self.profile_choice = ttk.Combobox(page, textvariable=var, width=40)
            else:
                widget = ttk.Entry(page, textvariable=var, width=42)
            widget.grid(row=row, column=1, sticky="we", pady=1)
            for key in ("<Return>", "<KP_Enter>"):
                widget.bind(key, lambda _e: self.save_shortcut())
            if name == "name":
                self.shortcut_first = widget
        form_footer(
            page,
            20,
            self.save_shortcut,
            self._back_to_shortcuts,
            self.shortcut_error,
            columnspan=2,
            wraplength=WRAP,
        )
        page.columnconfigure(1, weight=1)
        return page

    def _discover_page(self) -> ttk.Frame:
        import tkinter as tk
        from tkinter import ttk

        page = ttk.Frame(self.body)
        ttk.Label(page, text="Discover shortcuts", font=("TkHeadingFont", 13)).grid(
            row=0, column=0, columnspan=4, sticky="w", pady=(0, 6)
        )
        self.discover_vars = {"profile": tk.StringVar(self.root), "region": tk.StringVar(self.root)}
        ttk.Label(page, text="Profile").grid(row=1, column=0, sticky="w")
        self.discover_profile = ttk.Combobox(
            page, textvariable=self.discover_vars["profile"], state="readonly", width=24
        )
        self.discover_profile.grid(row=1, column=1, sticky="w", padx=(6, 12))
        ttk.Label(page, text="Region (optional)").grid(row=1, column=2, sticky="w")
        region = ttk.Combobox(
            page, textvariable=self.discover_vars["region"], values=REGIONS, width=18
        )
        region.grid(row=1, column=3, sticky="w", padx=6)
        self.discover_button = ttk.Button(page, text="Discover", command=self.run_discover)
        self.discover_button.grid(row=1, column=4, sticky="w")
        for widget in (self.discover_profile, region):
            for key in ("<Return>", "<KP_Enter>"):
                widget.bind(key, lambda _e: self.run_discover())
        self.discover_bar = ttk.Progressbar(page, mode="indeterminate", length=200)
        self.discover_bar.grid(row=2, column=0, columnspan=2, sticky="we", pady=6)
        self.discover_counts = tk.StringVar(self.root)
        ttk.Label(page, textvariable=self.discover_counts).grid(
            row=2, column=2, columnspan=3, sticky="w", padx=6
        )
        holder = ttk.Frame(page)
        holder.grid(row=3, column=0, columnspan=5, sticky="nsew")
        canvas = tk.Canvas(holder, highlightthickness=0, height=220)
        scroll = ttk.Scrollbar(holder, orient="vertical", command=canvas.yview)
        canvas.configure(yscrollcommand=scroll.set)
        scroll.pack(side="right", fill="y")
        canvas.pack(side="left", fill="both", expand=True)
        self.found_frame = ttk.Frame(canvas)
        canvas.create_window((0, 0), window=self.found_frame, anchor="nw")
        self.found_frame.bind(
            "<Configure>", lambda _e: canvas.configure(scrollregion=canvas.bbox("all"))
        )
        self.choices: list[tuple[Choice, tk.BooleanVar]] = []
        buttons = ttk.Frame(page)
        buttons.grid(row=4, column=0, columnspan=5, sticky="w", pady=(6, 0))
        self.add_checked_button = ttk.Button(
            buttons, text="Add checked", command=self.add_checked, state="disabled"
        )
        self.add_checked_button.pack(side="left")
        ttk.Button(buttons, text="Back", command=self._back_to_shortcuts).pack(side="left", padx=6)
        self.discover_error = tk.StringVar(self.root)
        ttk.Label(
            page,
            textvariable=self.discover_error,
            style="Error.TLabel",
            wraplength=WRAP,
            justify="left",
        ).grid(row=5, column=0, columnspan=5, sticky="w", pady=(6, 0))
        page.rowconfigure(3, weight=1)
        page.columnconfigure(4, weight=1)
        self._discovery: queue.Queue[tuple[str, Any]] | None = None
        return page

    def _error_page(self) -> ttk.Frame:
        from tkinter import ttk

        page = ttk.Frame(self.body)
        ttk.Label(page, text="The config file does not load", font=("TkHeadingFont", 13)).pack(
            anchor="w"
        )
        self.error_text = ttk.Label(
            page, text="", style="Error.TLabel", wraplength=pt(WIDTH - 40), justify="left"
        )
        self.error_text.pack(anchor="w", pady=8)
        ttk.Label(page, text="Nothing is written until it loads again.").pack(anchor="w")
        buttons = ttk.Frame(page)
        buttons.pack(anchor="w", pady=8)
        ttk.Button(buttons, text="Edit config", command=self.edit_config).pack(side="left")
        self.reload_button = ttk.Button(buttons, text="Reload", command=lambda: self.reload())
        self.reload_button.pack(side="left", padx=6)
        return page

    # actions ------------------------------------------------------------------------------

    def reload(self, start: str | None = None) -> None:
        """Re-read the config and show ``start`` (or the page that fits)."""
        from studio_tray import config as config_file

        try:
            self.config = config_file.load(self.path)
        except ConfigError as err:
            self.config = None
            self.error_text.configure(text=str(err))
            self.show("error")
            return
        self._fill_lists(self.config)
        self._fill_general(self.config)
        if start is None:
            start = WELCOME if self.page is None and is_first_run(self.config) else None
        if start is not None:
            if start == ADD_KEYS:
                self.open_keys_form()
            else:
                self.show(start)
        elif self.page in (None, "error"):
            self.show(LISTS)

    def _show_if_broken(self, err: StudioTrayError) -> None:
        """After a refused write: a config file that does not load gets the error page."""
        from studio_tray import config as config_file

        if not isinstance(err, ConfigError):
            return
        try:
            config_file.load(self.path)
        except ConfigError:
            self.reload()

    def _fill_profiles(self, config: Config) -> None:
        self.profiles.delete(*self.profiles.get_children())
        for prow in profile_rows(config, self._has_keys, sign_in_state):
            self.profiles.insert(
                "", "end", iid=prow.name, values=(prow.name, prow.kind, prow.region, prow.state)
            )
            if prow.kind == SSO:
                self._report(f"row {prow.name}: {prow.state}")

    def _signed_in(self, name: str) -> None:
        # Only the profile rows: the page shown and the other tabs' fields stay as they are.
        if self.config is None:
            return
        self._fill_profiles(self.config)
        if self.profiles.exists(name):
            self.profiles.selection_set(name)
            self.profiles.focus(name)

    def _fill_lists(self, config: Config) -> None:
        self.shortcuts.delete(*self.shortcuts.get_children())
        self._fill_profiles(config)
        for index, srow in enumerate(shortcut_rows(config.shortcuts)):
            self.shortcuts.insert(
                "", "end", iid=str(index), values=(srow.name, srow.group, srow.profile, srow.where)
            )
        for tree in (self.profiles, self.shortcuts):
            first = tree.get_children()
            if first:
                tree.selection_set(first[0])
                tree.focus(first[0])

    def _has_keys(self, name: str) -> bool:
        from studio_tray.aws.profile_setup import keys_exist

        return keys_exist(self.store, name)

    def open_keys_form(self) -> None:
        """Show the add-keys form, emptied, with the focus in its first field."""
        for var in self.form_vars.values():
            var.set("")
        self.form_error.set("")
        self.show(ADD_KEYS)

    def _show_secret(self) -> None:
        if self.secret_entry is not None:
            self.secret_entry.configure(show="" if self.secret_shown.get() else "\u2022")

    def save_keys(self) -> None:
        """Check, verify with STS and store; on a problem show it and keep what was typed.

        A role with an MFA serial first asks for the code (``MfaPrompt``); the STS checks run
        on a worker thread (a ``Job``), followed with ``after``."""
        if self._keys_job is not None:
            return  # one check at a time
        from studio_tray.settings.model import check_keys_form

        form = KeysForm(**{name: var.get() for name, var in self.form_vars.items()})
        if form.role_arn.strip() and form.mfa_serial.strip():
            from studio_tray import config as config_file

            try:  # a broken file and every field problem before asking for a code
                config_file.load(self.path)
                profile, _keys = check_keys_form(form, self.path)
            except StudioTrayError as err:
                self._keys_refused(str(err))
                return
            from studio_tray.settings.mfa_prompt import MfaPrompt

            self.form_error.set("enter the MFA code...")
            MfaPrompt(
                self.root,
                profile.name,
                str(profile.mfa_serial),
                lambda code: self._mfa_answered(form, code),
                self._report,
            )
            return
        self._check_keys(form, None)

    def _mfa_answered(self, form: KeysForm, code: str | None) -> None:
        if code is None:
            self.form_error.set("not saved: no MFA code was entered")
            self._report("not saved: MFA prompt cancelled")
            return
        self._check_keys(form, code)

    def _check_keys(self, form: KeysForm, code: str | None) -> None:
        from studio_tray.settings.sso import Job
        from studio_tray.settings.sso_page import follow

        self.form_error.set("checking the keys with AWS...")
        self.root.update_idletasks()
        self._report("checking keys")
        asker = None if code is None else (lambda _profile: code)
        job = Job(
            "check keys",
            lambda _report, _cancelled: actions.save_keys_profile(
                self.path, form, self.store, asker
            ),
        ).start()
        self._keys_job = job
        follow(self.root, job, lambda _kind, _value: None, self._keys_checked)

    def _keys_checked(self, kind: str, value: Any) -> None:
        self._keys_job = None
        if self._close_after_save:
            line = f"not saved: {value}" if kind == "error" else f"saved profile {value.name}"
            self._report(line)
            self.close()
            return
        if kind == "error":
            self._keys_refused(str(value))
            return
        saved = value
        self.form_error.set("")
        done = (
            f"{'updated' if saved.replaced else 'added'} profile {saved.name}: "
            f"account {saved.account}, {saved.arn}"
        )
        self.status.set(done)
        self._report(done)
        self.reload(LISTS)

    def _keys_refused(self, message: str) -> None:
        self.form_error.set(message)
        self.root.update_idletasks()
        self._report(f"not saved: {message}")
        from studio_tray import config as config_file

        try:
            config_file.load(self.path)
        except ConfigError:
            self.reload()  # a config file that does not load gets the error page

    def remove_selected(self) -> None:
        """Ask, then remove the selected profile, its keyring item and its shortcuts."""
        from tkinter import messagebox

        picked = self.profiles.selection()
        if not picked:
            return
        name = picked[0]
        shortcuts = self.config.shortcuts if self.config else ()
        users = [s.name for s in shortcuts if s.profile == name]
        question = f"Remove profile {name} and its keyring item?"
        if users:
            question += "\nIts shortcuts go too: " + ", ".join(users)
        if not messagebox.askyesno(REMOVE_TITLE, question, parent=self.root):
            return
        try:
            removed = actions.remove_profile(self.path, name, self.store)
        except StudioTrayError as err:
            self.status.set(str(err))
            self._report(f"not removed: {err}")
            self._show_if_broken(err)
            return
        extra = f" and {len(removed)} shortcut(s)" if removed else ""
        self.status.set(f"removed profile {name}{extra}")
        self._report(f"removed profile {name}{extra}")
        self.reload(LISTS)

    def _selected_shortcut(self) -> str | None:
        picked = self.shortcuts.selection()
        if not picked or self.config is None:
            return None
        return self.config.shortcuts[int(picked[0])].name

    def _open_shortcut_form(self, form: ShortcutForm, editing: str | None) -> None:
        self.editing = editing
        for name, var in self.shortcut_vars.items():
            var.set(getattr(form, name))
        self.profile_choice.configure(values=list(self.config.profiles if self.config else ()))
        self.shortcut_heading.configure(
            text=f'Edit shortcut "{editing}"' if editing else "Add a shortcut"
        )
        self.shortcut_error.set("")
        self.show(SHORTCUT)

    def add_shortcut(self) -> None:
        """Open the shortcut form, empty (the profile preset when there is only one)."""
        profiles = list(self.config.profiles if self.config else ())
        form = ShortcutForm(profile=profiles[0] if len(profiles) == 1 else "")
        self._open_shortcut_form(form, None)

    def edit_shortcut(self) -> None:
        """Open the shortcut form on the selected shortcut."""
        name = self._selected_shortcut()
        if name is not None and self.config is not None:
            shortcut = self.config.shortcut(name)
            assert shortcut is not None
            self._open_shortcut_form(ShortcutForm.of(shortcut), name)

    def save_shortcut(self) -> None:
        """Validate like the CLI and save; every problem shown at once, nothing written."""
        form = ShortcutForm(**{name: var.get() for name, var in self.shortcut_vars.items()})
        try:
            saved = actions.save_shortcut(self.path, form, self.editing)
        except StudioTrayError as err:
            self.shortcut_error.set(str(err))
            self.root.update_idletasks()
            self._report(f"not saved: {err}")
            self._show_if_broken(err)
            return
        done = f'{"saved" if self.editing else "added"} shortcut "{saved.name}"'
        self.status.set(done)
        self._report(done)
        self.reload(LISTS)
        self._select_shortcut(saved.name)

    def _back_to_shortcuts(self) -> None:
        self.show(LISTS)
        self.notebook.select(1)
        self.shortcuts.focus_set()

    def _select_shortcut(self, name: str) -> None:
        self.notebook.select(1)
        if self.config is None:
            return
        for index, shortcut in enumerate(self.config.shortcuts):
            if shortcut.name == name:
                self.shortcuts.selection_set(str(index))
                self.shortcuts.focus(str(index))
        self.shortcuts.focus_set()

    def remove_shortcut(self) -> None:
        """Ask, then remove the selected shortcut."""
        from tkinter import messagebox

        name = self._selected_shortcut()
        if name is None:
            return
        if not messagebox.askyesno(
            "Remove shortcut", f'Remove shortcut "{name}"?', parent=self.root
        ):
            return
        self._run(lambda: actions.remove_shortcut(self.path, name), f'removed shortcut "{name}"')

    def move_shortcut(self, step: int) -> None:
        """Move the selected shortcut up (-1) or down (1) in the menu."""
        name = self._selected_shortcut()
        if name is None:
            return
        self._run(lambda: actions.move_shortcut(self.path, name, step), f'moved "{name}"')
        self._select_shortcut(name)

    def _run(self, action: Callable[[], object], done: str) -> None:
        try:
            action()
        except StudioTrayError as err:
            self.status.set(str(err))
            self._report(f"not saved: {err}")
            self._show_if_broken(err)
            return
        self.status.set(done)
        self._report(done)
        self.reload(LISTS)

    def test_selected(self) -> None:
        """Ask STS who the selected profile signs in as; show the account and ARN or why not."""
        from studio_tray.aws.mfa import dialog_asker
        from studio_tray.system.dialogs import ask_in_dialog

        picked = self.profiles.selection()
        if not picked:
            return
        name = picked[0]
        self.status.set(f"testing profile {name}...")
        self.root.update_idletasks()
        try:
            who = actions.identify_profile(self.path, name, self.store, dialog_asker(ask_in_dialog))
        except StudioTrayError as err:
            line = f"profile {name}: {err}"
        else:
            line = f"profile {name}: account {who.account}, {who.arn}"
        self.status.set(line)
        self._report(line)

    def open_discover(self) -> None:
        """Show the discover page, the profile preset to the selected shortcut's or the first."""
        profiles = list(self.config.profiles if self.config else ())
        self.discover_profile.configure(values=profiles)
        current = self.discover_vars["profile"].get()
        if current not in profiles:
            self.discover_vars["profile"].set(profiles[0] if profiles else "")
        self.discover_error.set("" if profiles else "add a profile first (Profiles tab)")
        self.show(DISCOVER)

    def run_discover(self) -> None:
        """Start discovery in a worker thread; the window follows it with ``after``."""
        if self._discovery is not None:
            return  # one run at a time
        from studio_tray.aws.mfa import dialog_asker
        from studio_tray.system.dialogs import ask_in_dialog

        name = self.discover_vars["profile"].get()
        region = self.discover_vars["region"].get()
        if not name:
            self.discover_error.set("choose a profile")
            return
        self._show_choices([])
        self.discover_error.set("")
        self.discover_counts.set(f"discovering with {name}...")
        self.discover_button.state(["disabled"])
        self.discover_bar.start(50)
        sent: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._discovery = sent
        so_far: list[Any] = []

        def found(one: Any) -> None:
            so_far.append(one)
            sent.put(("counts", count_findings(so_far)))

        def work() -> None:
            try:
                results = actions.discover(
                    self.path,
                    name,
                    region,
                    self.store,
                    ask_mfa=dialog_asker(ask_in_dialog),
                    found=found,
                    progress=lambda line: sent.put(("progress", line)),
                )
            except StudioTrayError as err:
                sent.put(("error", str(err)))
            except Exception as err:  # noqa: BLE001 - the window must come back, whatever it was
                sent.put(("error", f"discovery failed ({type(err).__name__})"))
            else:
                sent.put(("done", results))

        threading.Thread(target=work, name="discover", daemon=True).start()
        self.root.after(POLL_MS, self._poll_discovery)

    def _poll_discovery(self) -> None:
        sent = self._discovery
        if sent is None:
            return
        while True:
            try:
                kind, value = sent.get_nowait()
            except queue.Empty:
                self.root.after(POLL_MS, self._poll_discovery)
                return
            if kind == "progress":
                self.discover_counts.set(str(value))
            elif kind == "counts":
                self.discover_counts.set(value.line())
            else:
                self._discovery_ended(kind, value)
                return

    def _discovery_ended(self, kind: str, value: Any) -> None:
        self._discovery = None
        self.discover_bar.stop()
        self.discover_button.state(["!disabled"])
        if kind == "error":
            self.discover_counts.set("")
            self.discover_error.set(value)
            self._report(f"not discovered: {value}")
            return
        warnings = discovery_notes(value)
        counts: Counts = count_findings(value)
        self.discover_counts.set(counts.line())
        self.discover_error.set("\n".join(warnings))
        if self.config is not None:
            self._show_choices(discovery_choices(value, self.config))
        self._report(f"discovered: {counts.line()}; {len(self.choices)} shortcut(s)")

    def _show_choices(self, choices: list[Choice]) -> None:
        import tkinter as tk
        from tkinter import ttk

        for child in self.found_frame.winfo_children():
            child.destroy()
        self.choices = []
        first: ttk.Checkbutton | None = None
        for choice in choices:
            var = tk.BooleanVar(self.root, value=True)
            s = choice.shortcut
            where = " / ".join(p for p in (s.domain_id, s.user_profile, s.space) if p)
            text = f"{s.name}  ({where})" + ("  - already added" if choice.added else "")
            box = ttk.Checkbutton(self.found_frame, text=text, variable=var)
            if choice.added:
                box.state(["disabled"])
            elif first is None:
                first = box
            for key in ("<Return>", "<KP_Enter>"):
                box.bind(key, lambda _e: self.add_checked())
            box.pack(anchor="w")
            self.choices.append((choice, var))
        fresh = any(not c.added for c, _ in self.choices)
        self.add_checked_button.state(["!disabled"] if fresh else ["disabled"])
        if first is not None:
            first.focus_set()

    def add_checked(self) -> None:
        """Add the checked shortcuts (as ``discover --add``); the tray reloads."""
        picked = [c.shortcut for c, var in self.choices if var.get() and not c.added]
        if not picked:
            self.discover_error.set("nothing checked")
            return
        try:
            added = actions.add_discovered(self.path, picked)
        except StudioTrayError as err:
            self.discover_error.set(str(err))
            self._report(f"not saved: {err}")
            self._show_if_broken(err)
            return
        done = f"added {len(added)} discovered shortcut(s)"
        self.status.set(done)
        self._report(done)
        self._show_choices([])
        self.reload(LISTS)
        self.notebook.select(1)

    def edit_config(self) -> None:
        """Open the config file in the desktop's editor."""
        if self._opener is not None:
            self._opener(self.path)

    def try_demo(self) -> None:
        """Start the demo tray (its own process; this window stays)."""
        if self._demo is not None:
            self._demo()
            self.status.set("the demo tray is starting")

    def open_sso_form(self) -> None:
        """Show the add-Identity-Center form, emptied, the keyboard in its first field."""
        self.sso_page.open()
        self.show(ADD_SSO)

    def _sso_saved(self, line: str) -> None:
        self.status.set(line)
        self._report(line)
        self.reload(LISTS)
        self.notebook.select(0)

    def _selected_profile(self) -> tuple[Any, str] | None:
        picked = self.profiles.selection()
        if not picked or self.config is None or picked[0] not in self.config.profiles:
            return None
        return self.config.profiles[picked[0]], self.config.settings.browser

    def close(self) -> None:
        """Close the window (a sign-in under way is given up; a keys save under way is let
        finish first, so the keyring and the config are never left half-written)."""
        if self._keys_job is not None:
            self._close_after_save = True
            self.form_error.set("closing once the keys are checked...")
            self._report("closing after the keys check")
            return
        self.sso_page.cancel()
        self.profile_sign_in.cancel()
        self.root.quit()

    def run(self) -> None:
        """Show the window and block until it is closed."""
        self.root.after_idle(self._raise)
        if self._woken is not None:
            self.root.after(WAKE_MS, self._look_for_wake)
        try:
            self.root.mainloop()
        finally:
            self.root.destroy()

    def _raise(self) -> None:
        bring_forward(self.root)
        self.root.attributes("-topmost", False)
        self.show(self.page or LISTS)
        self.root.update_idletasks()
        self._report(f"scale: {self.scale:.2f}")
        self._report(f"shown: {self.page}")

    def _look_for_wake(self) -> None:
        # The signal handler only sets the event: Tk work stays here, on Tk's own thread.
        assert self._woken is not None
        if self._woken.is_set():
            self._woken.clear()
            bring_forward(self.root)
            self.root.attributes("-topmost", False)
            self._report(f"raised: {self.page}")
        self.root.after(WAKE_MS, self._look_for_wake)


def start_demo() -> None:
    """The demo tray as a child process (it outlives this window)."""
    from studio_tray.system.dialogs import self_command

    subprocess.Popen(  # noqa: S603 - our own executable, no shell
        self_command("demo"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
