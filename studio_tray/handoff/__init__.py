"""The local hand-off channel between ``studio-tray`` commands and a running tray (client and
server).
"""
