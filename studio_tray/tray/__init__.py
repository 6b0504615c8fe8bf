"""The tray edge: the pystray icon, its menu, and the services that run beside it."""
