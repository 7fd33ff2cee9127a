"""Start-up time of the headless ``aws`` command (issue 12: ``iam-sandbox aws sts
get-caller-identity`` within 0.10 s, measured by benchmarks/bench_aws_start.py): a command
loads only what it uses, and every import deferred for that says so (DESIGN.md: "a lazy
import kept for start-up time carries a one-line comment saying so; none hides a cycle")."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# what a command that authorizes nothing never needs
ENGINE = ("sandbox.policy.document", "sandbox.policy.evaluate", "sandbox.policy.simulator",
          "sandbox.policy.validate", "sandbox.policy.statement", "sandbox.services.iam.operations", "tempfile")

# what the start-up path of every command leaves out: defining a dataclass imports inspect (and
# ast, dis, tokenize) and compiles its methods; argparse's own help formatter imports shutil
# (bz2, lzma); random and the explanation are for commands that make ids or decisions
NEVER_AT_START = ("dataclasses", "inspect", "shutil", "random", "sandbox.policy.explain")

COMMANDS = (["sts", "get-caller-identity"], ["iam", "list-users"], ["iam", "create-user", "--user-name", "start-up"],
            ["ec2", "describe-instances", "--page-size", "5"])


def loaded_by(tmp_path: Path, argv: list[str]) -> list[str]:
    """The modules one ``aws`` command has loaded when it is done (in a fresh interpreter)."""
    code = ("import io, contextlib, json, sys; from sandbox.cli.main import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    rc = main(['--world', {str(tmp_path / 'w.json')!r}, 'aws', *{argv!r}])\n"
            "print(json.dumps([rc, sorted(sys.modules)]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"IAM_SANDBOX_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"})
    rc, modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert rc == 0, out.stderr
    return modules


def test_get_caller_identity_loads_no_policy_engine(tmp_path):
    loaded_by(tmp_path, ["sts", "get-caller-identity"])  # the first run makes the world (and writes it)
    modules = loaded_by(tmp_path, ["sts", "get-caller-identity"])
    assert [m for m in ENGINE if m in modules] == []
    assert [m for m in NEVER_AT_START if m in modules] == []
    # while a command that is authorized does load the evaluator, on demand
    assert "sandbox.policy.evaluate" in loaded_by(tmp_path, ["iam", "list-users"])


def _function_imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, the import's line, the line above) of every import inside a function."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)):
                    found.append((sub.lineno, lines[sub.lineno - 1], lines[sub.lineno - 2]))
    return found


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_every_deferred_import_on_the_aws_path_says_it_is_for_start_up_time(tmp_path, argv):
    modules = loaded_by(tmp_path, argv)
    unexplained = []
    for name in modules:
        if not name.startswith("sandbox"):
            continue
        path = ROOT / Path(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for line, text, above in _function_imports(path):
            if "start-up time" not in text and "start-up time" not in above:
                unexplained.append(f"{path.relative_to(ROOT)}:{line}: {text.strip()}")
    assert unexplained == []


def test_the_policy_package_defers_its_modules_and_keeps_evaluate_a_function():
    code = ("import sys, sandbox.policy.simulator; from sandbox.policy import evaluate; import sandbox.policy as p; "
            "print(callable(evaluate) and evaluate is p.evaluate and type(evaluate).__name__ == 'function')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
    code = "import sys, sandbox.policy; print([m for m in sys.modules if m.startswith('sandbox.policy.')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert "start-up time" in (ROOT / "sandbox" / "policy" / "__init__.py").read_text(encoding="utf-8")
