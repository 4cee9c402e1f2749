"""Project hygiene: the device seam and the size limits from STYLE.md."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tinytorch"

# NOTE [Seam allow-list]: the only modules outside tinytorch/backends/ allowed to import NumPy
# are data-loading edges that must hand NumPy arrays to users or read files.
SEAM_ALLOWLIST = set()
# The array and transport libraries behind the seam (mpi4py: tinytorch.distributed's MPI).
SEAM_MODULES = {"numpy", "cupy", "mpi4py"}

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_LINE_LENGTH = 100


def _python_files():
    return sorted(PACKAGE.rglob("*.py"))


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_seam_only_backends_import_numpy_cupy_or_mpi4py():
    offenders = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("tinytorch/backends/") or rel in SEAM_ALLOWLIST:
            continue
        mods = set(_imported_modules(ast.parse(path.read_text())))
        if mods & SEAM_MODULES:
            offenders.append(f"{rel} imports {sorted(mods & SEAM_MODULES)}")
    assert not offenders, "imports outside tinytorch/backends/ (see DESIGN.md §1):\n" + \
        "\n".join(offenders)


def test_size_limits_hold():
    problems = []
    total = 0
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        lines = text.splitlines()
        total += len(lines)
        if len(lines) > MAX_FILE_LINES:
            problems.append(f"{rel}: {len(lines)} lines > {MAX_FILE_LINES}")
        for i, line in enumerate(lines, 1):
            if len(line) > MAX_LINE_LENGTH:
                problems.append(f"{rel}:{i}: line of {len(line)} chars > {MAX_LINE_LENGTH}")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    problems.append(f"{rel}:{node.lineno}: {node.name} has {n} lines")
    print(f"\ntinytorch library size: {total} lines in {len(_python_files())} files")
    assert not problems, "\n".join(problems)


def test_import_does_not_import_cupy():
    import subprocess
    import sys
    code = "import sys, tinytorch; sys.exit(1 if 'cupy' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
