"""``python -m studio_tray``."""

from studio_tray.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
