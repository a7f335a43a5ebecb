"""Starts the built application's window (offscreen) on a workshop and checks it stays up.

    python packaging/smoke_window.py APP FILE

The window runs until killed, so "works" means: still running after it had time to open
the file, and nothing on stderr that looks like a traceback.
"""

from __future__ import annotations

import subprocess
import sys


def main(app: str, file: str) -> int:
    process = subprocess.Popen([app, file], stderr=subprocess.PIPE, text=True)
    try:
        _, err = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        if "Traceback" in err:
            print(err, file=sys.stderr)
            return 1
        print("the window started and stayed up")
        return 0
    print(f"the window exited with {process.returncode}:\n{err}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
