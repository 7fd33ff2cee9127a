"""Domain modules and the headless CLI never import Textual (DESIGN.md, "Rules")."""

import subprocess
import sys

import pytest

DOMAIN = [
    "sandbox.policy", "sandbox.world", "sandbox.services.seed", "sandbox.services.gateway", "sandbox.services.iam",
    "sandbox.services.sts", "sandbox.services.s3", "sandbox.services.ec2", "sandbox.shell.session",
    "sandbox.shell.completion", "sandbox.scenarios.engine", "sandbox.scenarios.loader", "sandbox.workspace",
    "sandbox.workspace.entities", "sandbox.workspace.details", "sandbox.workspace.workflows",
    "sandbox.awscli.run", "sandbox.awscli.s3_commands", "sandbox.awscli.configure", "sandbox.awscli.completion",
    "sandbox.shell.builtins", "sandbox.shell.machines", "sandbox.cli.host_laptop", "sandbox.cli.main",
    "sandbox.cli.aws_cmd", "sandbox.cli.scenario_cmd", "sandbox.cli.world_cmd", "sandbox.cli.shell_cmd", "sandbox.idp",
    "sandbox.cli.idp_cmd",
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
