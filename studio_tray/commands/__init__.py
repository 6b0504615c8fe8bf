"""One module per group of verbs; each has ``register(subparsers)``. See ``studio_tray.cli``."""
