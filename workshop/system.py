"""What the window needs from the operating system, named for the messages that say so."""

# Debian/Ubuntu packages of the libraries Qt loads for a window (X11/xcb). Ubuntu 24.04
# adds a t64 suffix to some; scripts/setup keeps its own copy of this list (it runs
# before Python packages exist).
QT_SYSTEM_PACKAGES = "libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0"  # noqa: E501
