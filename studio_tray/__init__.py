"""studio-tray: one click from the system tray to a signed-in SageMaker Studio tab."""

__version__ = "0.1.0"
APP_NAME = "studio-tray"
