"""The shortcut picker: a pure filtering model and its Tk window."""
