"""Import everything the shipped code imports, to prove the runtime lock alone provides it.

Run it with the Python of an environment installed from requirements.lock only (as
scripts/check_runtime.sh does): it walks every `import` statement and every
`importlib.import_module("...")` call in nap1540/, config/ and manage.py, leaving out tests,
conftest.py files and the test-only pytest plugin, and imports each module named. Imports under
`if TYPE_CHECKING:` never run and are skipped; those inside a `try` that catches ImportError
are optional (the `semantic` extra) and only reported. Exits 1 naming each file, line and
module that does not import.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"nap1540", "config", "manage"}
# Loaded only by pytest (`-p nap1540.pytest_env`), never by the site.
TEST_ONLY = {Path("nap1540/pytest_env.py")}


@dataclass(frozen=True)
class Use:
    path: Path
    line: int
    module: str
    names: tuple[str, ...]  # for `from module import names`
    optional: bool


def shipped_files() -> list[Path]:
    files = [ROOT / "manage.py"]
    for top in ("nap1540", "config"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "tests" in rel.parts or path.name == "conftest.py" or rel in TEST_ONLY:
                continue
            files.append(path)
    return files


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _catches_import_error(node: ast.Try) -> bool:
    for handler in node.handlers:
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for t in types:
            name = t.id if isinstance(t, ast.Name) else getattr(t, "attr", None)
            if name in {"ImportError", "ModuleNotFoundError"}:
                return True
    return False


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class Walker(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = module_name(path)
        self.is_package = path.name == "__init__.py"
        self.optional = 0
        self.uses: list[Use] = []

    def _add(self, node: ast.AST, module: str, names: tuple[str, ...] = ()) -> None:
        line = getattr(node, "lineno", 0)
        self.uses.append(Use(self.path, line, module, names, self.optional > 0))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Try(self, node: ast.Try) -> None:
        optional = _catches_import_error(node)
        self.optional += optional  # nested tries stay optional until the outermost ends
        for statement in node.body:
            self.visit(statement)
        self.optional -= optional
        for other in [*node.handlers, *node.orelse, *node.finalbody]:
            self.visit(other)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "__future__":
            return
        if node.level:
            package = self.name if self.is_package else self.name.rpartition(".")[0]
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package)
        else:
            base = node.module or ""
        self._add(node, base, tuple(alias.name for alias in node.names if alias.name != "*"))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called == "import_module" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._add(node, arg.value)
        self.generic_visit(node)


def check(use: Use) -> tuple[str, str] | None:
    """None when the import works, else the module that failed and the error."""
    try:
        module = importlib.import_module(use.module)
        for name in use.names:
            if not hasattr(module, name):
                importlib.import_module(f"{use.module}.{name}")
    except ModuleNotFoundError as exc:
        return exc.name or use.module, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a module that fails while loading
        return use.module, f"{type(exc).__name__}: {exc}"
    return None


def _requirement_name(spec: str) -> str:
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec.strip())
    return re.sub(r"[-_.]+", "-", match.group(0)).lower() if match else ""


def declared_runtime() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]
    return {_requirement_name(spec) for spec in specs}


def undeclared_notes(top_levels: set[str]) -> list[str]:
    """Third-party packages imported directly that arrive only as another package's dependency."""
    declared = declared_runtime()
    provides = importlib.metadata.packages_distributions()
    required_by: dict[str, list[str]] = {}
    for dist in importlib.metadata.distributions():
        for req in dist.requires or []:
            if "extra ==" not in req:
                required_by.setdefault(_requirement_name(req), []).append(dist.metadata["Name"])
    notes = []
    for top in sorted(top_levels):
        for dist_name in provides.get(top, []):
            name = _requirement_name(dist_name)
            if name not in declared:
                via = ", ".join(sorted(set(required_by.get(name, [])))) or "nothing declared"
                notes.append(f"{top} is imported directly but not declared; it comes with {via}")
    return notes


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # WeasyPrint logs its steps at INFO
    import django

    django.setup()

    uses: list[Use] = []
    for path in shipped_files():
        walker = Walker(path)
        walker.visit(ast.parse(path.read_text(), filename=str(path)))
        uses.extend(walker.uses)

    # Grouped by the module that is missing, so one absent package is one line, with the
    # places that import it directly and a count of the project modules that fail through it.
    failures: dict[str, tuple[str, list[str], int]] = {}
    optional_missing = []
    for use in uses:
        result = check(use)
        if result is None:
            continue
        missing, error = result
        where = f"{use.path.relative_to(ROOT)}:{use.line}"
        if use.optional:
            optional_missing.append(f"{where}: {use.module}: {error}")
            continue
        _, direct, indirect = failures.get(missing, (error, [], 0))
        if use.module.partition(".")[0] == missing.partition(".")[0]:
            direct.append(where)
            failures[missing] = (error, direct, indirect)
        else:
            failures[missing] = (error, direct, indirect + 1)

    stdlib = set(sys.stdlib_module_names)
    third_party = {
        use.module.partition(".")[0]
        for use in uses
        if use.module.partition(".")[0] not in stdlib | FIRST_PARTY and not use.optional
    }
    modules = {use.module for use in uses}
    print(
        f"check_imports: {len(uses)} imports of {len(modules)} modules in "
        f"{len(shipped_files())} files; third-party: {', '.join(sorted(third_party))}"
    )
    for line in optional_missing:
        print(f"  optional, not installed: {line}")
    for line in undeclared_notes(third_party):
        print(f"  note: {line}")
    for missing, (error, direct, indirect) in sorted(failures.items()):
        line = f"  FAILED {missing} ({error}), imported at {', '.join(direct) or '-'}"
        print(
            line + (f"; {indirect} more imports fail through it" if indirect else ""),
            file=sys.stderr,
        )
    if failures:
        print(
            f"check_imports: missing with the runtime lock alone: {', '.join(sorted(failures))}; "
            "add the packages to [project] dependencies and run `make lock`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
