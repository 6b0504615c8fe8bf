"""Global hotkeys: combo parsing (pure) and the pynput listener (the edge)."""
