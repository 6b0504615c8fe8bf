"""Studio spaces' apps: read their status, start and stop them (core; no toolkit, no wiring).

``status`` turns ListApps' answer into one word, ``calls`` wraps the SageMaker calls with the
app's error mapping, ``lifecycle`` starts, stops and waits.
"""
