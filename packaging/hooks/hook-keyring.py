"""keyring finds its backends through the ``keyring.backends`` entry points, which PyInstaller
cannot follow: bundle every backend module that the build environment advertises, plus the
metadata of each distribution advertising one, so ``importlib.metadata`` sees them when frozen.
"""

from importlib.metadata import entry_points

from PyInstaller.utils.hooks import collect_submodules, copy_metadata

hiddenimports = collect_submodules("keyring.backends")
datas = copy_metadata("keyring")

_seen = {"keyring"}
for _ep in entry_points(group="keyring.backends"):
    hiddenimports.append(_ep.module)
    _dist = getattr(_ep, "dist", None)
    if _dist is not None and _dist.name not in _seen:
        _seen.add(_dist.name)
        datas += copy_metadata(_dist.name)
