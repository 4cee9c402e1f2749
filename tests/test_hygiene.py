"""Project hygiene: the device seam, the size limits (docs/style.md) and the import-cycle rule
(docs/architecture.md, "Layers")."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tinytorch"

# NOTE [Seam allow-list]: the only modules outside tinytorch/backends/ allowed to import NumPy
# are data-loading edges that must hand NumPy arrays to users or read files.
SEAM_ALLOWLIST = set()
# The array and transport libraries behind the seam (mpi4py: tinytorch.distributed's MPI;
# ml_dtypes: NumPy's bfloat16).
SEAM_MODULES = {"numpy", "cupy", "mpi4py", "ml_dtypes"}

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


def test_seam_only_backends_import_numpy_cupy_mpi4py_or_ml_dtypes():
    offenders = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("tinytorch/backends/") or rel in SEAM_ALLOWLIST:
            continue
        mods = set(_imported_modules(ast.parse(path.read_text())))
        if mods & SEAM_MODULES:
            offenders.append(f"{rel} imports {sorted(mods & SEAM_MODULES)}")
    assert not offenders, "imports outside tinytorch/backends/ (see docs/architecture.md, 'The device seam'):\n" + \
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


def test_float32_work_does_not_import_ml_dtypes():
    # NOTE [bfloat16 arrays]: ml_dtypes 0.7 takes ~1.5 s of CPU to import; only bfloat16 use
    # may pay it
    import subprocess
    import sys
    code = ("import sys, tinytorch; x = tinytorch.ones(2, 2, requires_grad=True); "
            "(x @ x).sum().backward(); print(x); "
            "sys.exit(1 if 'ml_dtypes' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                          capture_output=True).returncode == 0


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph():
    """Module -> the tinytorch modules its module-level code imports. Importing ``a.b.c`` runs
    the packages ``a.b`` first, so those count too; the root package does not: it is the
    facade every module runs after, and Tensor.backward reaches the engine through it."""
    modules = {_module_name(p): p for p in _python_files()}
    graph = {}
    for name, path in modules.items():
        targets = set()
        for node in ast.parse(path.read_text()).body:  # module level only
            if isinstance(node, ast.Import):
                wanted = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                wanted = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                          else node.module for a in node.names]
            else:
                continue
            for target in wanted:
                parts = target.split(".")
                targets.update(".".join(parts[:i]) for i in range(2, len(parts) + 1))
        graph[name] = {t for t in targets if t in modules and t != name
                       and not name.startswith(t + ".")}
    return graph


def _cycles(graph):
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_import_cycle_runs_through_autograd():
    # The autograd package (engine, backward/grad, Function, gradcheck, graph backend) sits
    # above Tensor and the ops; what the ops need of autograd (the Op base, grad mode, anomaly
    # mode, tensor hooks) lives below it. See docs/architecture.md, "Layers". The one cycle
    # left is Tensor <-> the op layer: Tensor's methods are the ops, and ops make Tensors.
    bad = [sorted(c) for c in _cycles(_import_graph())
           if any(m == "tinytorch.autograd" or m.startswith("tinytorch.autograd.") for m in c)]
    assert not bad, ("import cycles through tinytorch.autograd (the Op base is "
                     "tinytorch._ops._op, grad mode tinytorch._grad_mode, anomaly mode "
                     "tinytorch._anomaly):\n" + "\n".join(", ".join(c) for c in bad))
