"""GdkPixbuf without its loader modules.

The tray only hands GTK PNG images, and PNG support is built into gdk-pixbuf. PyInstaller's own
hook bundles every loader, and the SVG one drags in librsvg, libxml2 and ICU's 30 MB data file.
"""

from PyInstaller.utils.hooks.gi import GiModuleInfo


def hook(hook_api):
    module_info = GiModuleInfo("GdkPixbuf", "2.0")
    if not module_info.available:
        return
    binaries, datas, hiddenimports = module_info.collect_typelib_data()
    hook_api.add_datas(datas)
    hook_api.add_binaries(binaries)
    hook_api.add_imports(*hiddenimports)
