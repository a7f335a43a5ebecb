"""House rules that keep the architecture honest (see ../shared/design/architecture.md)."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workshop"


def core_modules():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] != "ui":
            yield path


def imported_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_nothing_outside_the_ui_imports_qt():
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in core_modules()
        for name in imported_names(path)
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6")
        or name.startswith("workshop.ui")
    ]
    assert offenders == []


def test_the_import_linter_contract_covers_every_core_module():
    """import-linter checks only the modules it is told about: a new core module must be
    added to the contract in pyproject.toml, or Qt could creep into it unnoticed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = config["tool"]["importlinter"]["contracts"][0]
    listed = set(contract["source_modules"])
    top_level = {
        "workshop." + (p.stem if p.is_file() else p.name)
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists() and p.name != "ui")
    }
    assert top_level - listed == set()


def test_sql_lives_only_in_the_store():
    words = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE", "PRAGMA ")
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] != "store"
        and any(word in path.read_text(encoding="utf-8") for word in words)
    ]
    assert offenders == []
