"""The code's shape, as docs/README-architecture.md draws it: the apps depend on each
other one way, network's packages are layered, no package holds an import cycle, an
import inside a function says why it is there, and every package says what it owns."""

import ast
import io
import tokenize
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
APPS = ["portal", "home", "network", "search", "webhooks", "preview"]


def production_modules():
    """The portal's own Python files: the apps, without their migrations."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_import_contracts_of_pyproject_are_kept(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    exit_code = lint_imports(config_filename="pyproject.toml", no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert "Contracts: 3 kept, 0 broken." in report


def _comments(source):
    """{line number: comment text} of a module's comments."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {tok.start[0]: tok.string for tok in tokens if tok.type == tokenize.COMMENT}


def _says_why(node, lines, comments, import_lines):
    """Whether a comment explains the import: on its line (more than a noqa), or right
    above it or above the imports grouped with it."""
    own = comments.get(node.lineno, "").partition("noqa")[0].strip("# :")
    if own:
        return True
    number = node.lineno - 1
    while number > 0 and (number in import_lines or not lines[number - 1].strip()):
        number -= 1
    return number in comments and lines[number - 1].strip().startswith("#")


def imports_inside_functions():
    """``(path:line, statement)`` of every import made inside a function, unexplained."""
    unexplained = []
    for path in production_modules():
        source = path.read_text()
        lines, comments = source.splitlines(), _comments(source)
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            imports = [n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)]
            import_lines = {
                line for node in imports for line in range(node.lineno, node.end_lineno + 1)
            }
            for node in imports:
                if not _says_why(node, lines, comments, import_lines):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    unexplained.append((where, lines[node.lineno - 1].strip()))
    return unexplained


def test_imports_inside_functions_are_only_where_django_needs_them_and_say_why():
    assert imports_inside_functions() == []


def test_the_check_finds_an_unexplained_import_inside_a_function(tmp_path, monkeypatch):
    module = tmp_path / "portal" / "example.py"
    module.parent.mkdir()
    module.write_text(
        "def explained():\n"
        "    # Django's app registry is not ready when this module is imported.\n"
        "    from django.apps import apps\n"
        "\n"
        "\n"
        "def unexplained():\n"
        "    from django.apps import apps\n"
    )
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "APPS", ["portal"])
    assert imports_inside_functions() == [("portal/example.py:7", "from django.apps import apps")]


def test_every_package_says_what_it_owns():
    undocumented = [
        str(init.parent.relative_to(ROOT))
        for init in production_modules()
        if init.name == "__init__.py"
        # Management commands live where Django looks for them; nothing to own there.
        and "management" not in init.parts
        and not ast.get_docstring(ast.parse(init.read_text()))
    ]
    assert undocumented == []
