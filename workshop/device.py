"""Where this installation keeps its own files, and the id of this device.

The device id goes into every record this laptop writes, so that bundles from several
laptops merge without confusing whose change is whose. It is made once and kept.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# The form ``str(uuid.uuid4())`` writes. Checked with a pattern, not ``uuid.UUID``: the
# window reads the id while it starts, and importing ``uuid`` costs a few milliseconds.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def config_dir(environ: dict[str, str] | None = None, platform: str | None = None) -> Path:
    """The per-user settings folder where each system expects it (platformdirs):
    ``%APPDATA%\\workshop`` (roaming, so it follows a city-hall account), ``~/Library/
    Application Support/workshop``, ``$XDG_CONFIG_HOME/workshop``. ``WORKSHOP_CONFIG_DIR``
    overrides it, e.g. in tests; ``platform`` stands in for ``sys.platform`` in tests."""
    env = os.environ if environ is None else environ
    if env.get("WORKSHOP_CONFIG_DIR"):
        return Path(env["WORKSHOP_CONFIG_DIR"])
    platform = platform or sys.platform
    if platform == "win32":
        from platformdirs.windows import Windows as Dirs
    elif platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Path(Dirs(appname="workshop", appauthor=False, roaming=True).user_config_dir)


def device_id(folder: Path) -> str:
    """This device's id, created on first use."""
    path = folder / "device-id"
    try:
        value = path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        value = ""
    if _UUID.fullmatch(value):
        return value
    import uuid  # only when the id is made, once per device

    value = str(uuid.uuid4())
    folder.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(value, encoding="ascii")
    os.replace(temporary, path)
    return value
