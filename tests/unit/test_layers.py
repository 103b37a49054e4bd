"""The app layer's structure, read from its source: imports run down the layers that
ann_app/__init__.py's docstring declares, no module imports another's private name, the engine
imports no app or UI code, and each subpackage's docstring names its modules as they are."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "ann_app"


def _declared_layers() -> dict[str, int]:
    """Each layer's rank from the docstring's "Layers, lowest first: a < b < c, d" line (it
    may go on in the lines below it, up to a blank line)."""
    doc = ast.get_docstring(ast.parse((APP / "__init__.py").read_text()))
    (lines,) = re.findall(r"Layers, lowest first: ((?:.+\n?)+)", doc)
    line = " ".join(lines.split())
    return {
        name.strip(): rank
        for rank, group in enumerate(line.split("<"))
        for name in group.split(",")
    }


def _layer_of(module: str) -> str | None:
    """The layer of an ann_app module (`ann_app.training.page` -> training), else None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "ann_app" and len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) for every `import` and `from ... import` in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
        elif isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
    return found


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


APP_FILES = sorted(p for p in APP.rglob("*.py") if p.name != "__init__.py" or p.parent != APP)


def test_the_docstring_declares_every_layer():
    layers = _declared_layers()
    present = {_layer_of(_module_of(p)) for p in APP_FILES}
    assert present == set(layers)


@pytest.mark.parametrize("path", APP_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_down_the_layers(path):
    layers = _declared_layers()
    here = _layer_of(_module_of(path))
    for module, names in _imports(path):
        targets = [module] if module != "ann_app" else [f"ann_app.{name}" for name in names]
        for target in targets:
            there = _layer_of(target)
            if there is not None:
                assert layers[there] <= layers[here], f"{here} imports {target}, a layer above"


@pytest.mark.parametrize(
    "path",
    [*APP_FILES, *(ROOT / "app_pages").glob("*.py"), *(ROOT / "ann_core").glob("*.py")],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_private_name_is_imported_from_another_module(path):
    for module, names in _imports(path):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"{module}: {private}"


@pytest.mark.parametrize("path", sorted((ROOT / "ann_core").glob("*.py")), ids=lambda p: p.name)
def test_the_engine_imports_no_app_or_ui_code(path):
    for module, _ in _imports(path):
        assert module.split(".")[0] not in {"ann_app", "app_pages", "streamlit", "altair"}


@pytest.mark.parametrize(
    "package", sorted(p.parent for p in APP.glob("*/__init__.py")), ids=lambda p: p.name
)
def test_each_package_docstring_names_its_modules_as_they_are(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
    modules = {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    named = set(re.findall(r"`?(\w+\.py)`?", doc))
    assert modules <= named, f"not named: {sorted(modules - named)}"
    everywhere = {
        p.name for p in (*APP.rglob("*.py"), *ROOT.glob("*/*.py"), *ROOT.glob("tests/*/*.py"))
    }
    assert named <= everywhere, f"named but missing: {sorted(named - everywhere)}"
