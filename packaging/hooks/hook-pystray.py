"""pystray picks its backend module at run time: bundle only this OS's backends.

Replaces the contrib hook, which collects every backend (darwin's and win32's imports then
show up as missing-module noise on Linux).
"""

import sys

if sys.platform == "darwin":
    hiddenimports = ["pystray._darwin"]
elif sys.platform == "win32":
    hiddenimports = ["pystray._win32"]
else:
    # appindicator and gtk need PyGObject (menus); xorg is the fallback without it.
    hiddenimports = ["pystray._appindicator", "pystray._gtk", "pystray._xorg"]
