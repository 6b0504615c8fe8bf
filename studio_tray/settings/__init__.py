"""The settings window: ``model`` (pure: rows, forms, first run), ``actions`` (the saves, through
the same functions as the CLI) and ``window`` (the Tk window, the only tkinter import)."""
