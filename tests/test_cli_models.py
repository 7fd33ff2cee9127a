"""The ``aws`` program's operation data, generated from botocore's service models by
``tools/gen_cli_models.py``: up to date with the botocore the tests install, small, holding
every operation the sandbox offers and those it will offer next, and read lazily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sandbox.awscli import model
from sandbox.awscli.offered import OFFERED

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "sandbox" / "awscli" / "models"


def test_the_generated_data_is_what_the_generator_makes_from_the_installed_models():
    """Regenerate after upgrading awscli/botocore: ``.venv/bin/python tools/gen_cli_models.py``."""
    ran = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_cli_models.py"), "--check"],
                         capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr


def test_the_data_is_small():
    sizes = {p.name: p.stat().st_size for p in MODELS.glob("*.json")}
    assert sorted(sizes) == ["cognito-identity.json", "cognito-idp.json", "cognito-sync.json", "ec2.json",
                             "iam.json", "s3.json", "sns.json", "sts.json"]
    assert sum(sizes.values()) < 450_000


def test_every_offered_operation_is_in_the_data_and_the_next_ones_too():
    for service, operations in OFFERED.items():
        assert set(operations) <= set(model.load(service).operations), service
    # issue 13: OIDC providers and AssumeRoleWithWebIdentity; issue 14: Cognito and SNS push
    assert {"CreateOpenIDConnectProvider", "AddClientIDToOpenIDConnectProvider"} <= set(model.load("iam").operations)
    assert "AssumeRoleWithWebIdentity" in model.load("sts").operations
    assert {"SignUp", "InitiateAuth", "RespondToAuthChallenge"} <= set(model.load("cognito-idp").operations)
    assert {"GetId", "GetCredentialsForIdentity", "GetOpenIdToken"} <= set(model.load("cognito-identity").operations)
    assert {"UpdateRecords", "SubscribeToDataset"} <= set(model.load("cognito-sync").operations)
    assert {"CreatePlatformEndpoint", "Publish"} <= set(model.load("sns").operations)


def test_what_the_cli_needs_is_there():
    iam = model.load("iam")
    create = iam.operation_model("CreateLoginProfile")
    assert create.input_shape.required_members == []  # no longer required (the models of 2025)
    status = iam.operation_model("UpdateAccessKey").input_shape.members["Status"]
    assert status.enum == ["Active", "Inactive", "Expired"] and status.doc.startswith(" The status you want")
    users = iam.operation_model("ListUsers")
    assert users.paginator == {"input_token": ["Marker"], "limit_key": "MaxItems", "more_results": "IsTruncated",
                               "output_token": ["Marker"], "result_key": ["Users"]}
    assert users.summary == "Lists the IAM users that have the specified path prefix."
    assert iam.operation_model("GetUser").errors["NoSuchEntityException"] == {"code": "NoSuchEntity", "status": 404,
                                                                            "sender": True}
    arn = iam.operation_model("AttachUserPolicy").input_shape.members["PolicyArn"]
    assert (arn.type_name, arn.min) == ("string", 20)
    run = model.load("ec2").operation_model("RunInstances").input_shape
    assert "ClientToken" in run.idempotency_tokens and "DryRun" in run.members


def test_a_command_reads_only_its_services_model(tmp_path):
    code = ("import sys; from sandbox.cli.main import main; from sandbox.awscli import model; "
            f"rc = main(['--world', {str(tmp_path / 'w.json')!r}, 'aws', 'sts', 'get-caller-identity']); "
            "print('MODELS', model.load.cache_info().currsize, rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "MODELS 1 0"


def test_the_files_are_one_entry_a_line():
    """Reviewable diffs when the models change: one operation, shape or error per line."""
    text = (MODELS / "sts.json").read_text()
    data = json.loads(text)
    assert len(text.splitlines()) > len(data["shapes"]) + len(data["operations"])
