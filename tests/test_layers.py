"""The apps stand on each other in one order, and no import runs back up.

Read from the source with `ast`, so an import inside a function or under
`TYPE_CHECKING` counts as much as one at the top. See docs/decisions/003-layers.md.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# From the ground up: each layer may import itself and the layers before it, never after.
LAYERS = [
    "core",
    "formats",
    "registry",
    "accounts",
    "matrix",
    "plans",
    "assistance",
    "events",
    "reports",
    "web",
    "cli",
    "config",
]


@dataclass(frozen=True)
class Import:
    source: str  # path of the importing file, relative to the repository
    layer: str
    target: str  # the module it names
    line: int


def _layer_of_file(path: Path, root: Path = ROOT) -> str | None:
    rel = path.relative_to(root).parts
    if rel[0] == "config":
        return "config"
    if rel[0] != "nap1540" or len(rel) < 2:
        return None
    return rel[1].removesuffix(".py")


def _layer_of_module(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "config":
        return "config"
    if parts[0] == "nap1540" and len(parts) > 1:
        return parts[1]
    return None


def _application_files(root: Path = ROOT) -> list[Path]:
    files = [*root.joinpath("nap1540").rglob("*.py"), *root.joinpath("config").rglob("*.py")]
    return sorted(
        f
        for f in files
        if not {"tests", "migrations"} & set(f.relative_to(root).parts)
        and f.name != "pytest_env.py"
    )


def _package_of(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root).with_suffix("").parts
    return ".".join(rel[:-1])


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    layer = _layer_of_file(path, root) or ""
    source = str(path.relative_to(root))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [Import(source, layer, a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = _package_of(path, root).split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found.append(Import(source, layer, module, node.lineno))
    return found


def dynamic_imports_of(path: Path) -> list[str]:
    """`importlib.import_module("nap1540...")` or `__import__(...)` naming the project."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in {"import_module", "__import__"} or not node.args:
            continue
        arg = node.args[0]
        text = ast.unparse(arg)
        named = constants.get(arg.id, "") if isinstance(arg, ast.Name) else text
        if any(word in str(named) for word in ("nap1540", "config")):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}({text})")
    return found


def upward_imports(root: Path = ROOT) -> list[str]:
    rank = {name: i for i, name in enumerate(LAYERS)}
    wrong = []
    for path in _application_files(root):
        for imp in imports_of(path, root):
            target = _layer_of_module(imp.target)
            if target is None or target == imp.layer:
                continue
            if target not in rank or imp.layer not in rank:
                wrong.append(f"{imp.source}:{imp.line}: {imp.target} (layer unknown)")
            elif rank[target] > rank[imp.layer]:
                wrong.append(f"{imp.source}:{imp.line}: {imp.layer} imports {imp.target}")
    return wrong


def test_every_app_has_a_place_in_the_layers() -> None:
    apps = {p.parent.name for p in ROOT.joinpath("nap1540").glob("*/__init__.py")}
    modules = {p.stem for p in ROOT.joinpath("nap1540").glob("*.py") if p.stem != "__init__"}
    assert apps | modules - {"pytest_env"} <= set(LAYERS)


def test_no_import_runs_from_a_lower_layer_to_a_higher_one() -> None:
    assert upward_imports() == []


def test_core_imports_no_app() -> None:
    core = [p for p in _application_files() if _layer_of_file(p) == "core"]
    assert core, "nap1540/core has no modules"
    named = {
        imp.target
        for p in core
        for imp in imports_of(p)
        if (_layer_of_module(imp.target) or "core") not in {"core", "formats"}
    }
    assert named == set()


def test_registry_imports_no_matrix_and_no_accounts() -> None:
    registry = [p for p in _application_files() if _layer_of_file(p) == "registry"]
    named = {
        imp.target
        for p in registry
        for imp in imports_of(p)
        if _layer_of_module(imp.target) in {"matrix", "accounts"}
    }
    assert named == set()


def test_no_app_reaches_another_through_importlib() -> None:
    found = [hit for p in _application_files() for hit in dynamic_imports_of(p)]
    assert found == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: an import of plans from matrix is caught, one of core is not."""
    matrix = tmp_path / "nap1540" / "matrix"
    matrix.mkdir(parents=True)
    (matrix / "probe.py").write_text(
        "from nap1540.plans.models import Task\nfrom nap1540.core import audit\n"
        "from . import models\n"
    )
    assert upward_imports(tmp_path) == [
        "nap1540/matrix/probe.py:1: matrix imports nap1540.plans.models"
    ]
