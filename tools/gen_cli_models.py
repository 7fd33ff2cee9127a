"""Generate the ``aws`` program's operation data from botocore's service models.

The simulated CLI derives its arguments, validation, skeletons, help and paginators from the
same service models the real AWS CLI reads (botocore's ``service-2`` and ``paginators-1``
files). This script keeps the subset of those models the sandbox supports, or will support,
in ``sandbox/awscli/models/SERVICE.json``: for each operation its input and output shapes,
a one-sentence summary, its error shapes and its paginator; for each shape what the CLI and
botocore's client-side validation need (type, members, required members, enumeration,
minimum and maximum, streaming, idempotency tokens) and, for input members, the sentence of
documentation the CLI shows (``--generate-cli-skeleton yaml-input`` comments, help).

The models are those of the botocore the real AWS CLI runs on: awscli (v1, from PyPI)
carries its own copy of botocore and, once imported, is what ``import botocore`` finds;
the oracle tests run that CLI, so the data and the oracle read the same models. awscli and
botocore are test dependencies: imported here and in tests, never by the sandbox at run
time. Adding an operation or a service is a matter of listing it in ``OPERATIONS`` and
running this script again:

    .venv/bin/python tools/gen_cli_models.py          # write the files
    .venv/bin/python tools/gen_cli_models.py --check  # fail if they are out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.dom.minidom
import xml.parsers.expat
from pathlib import Path

import awscli  # noqa: F401  (first: ``botocore`` is then the AWS CLI's own copy)
import botocore
import botocore.exceptions
import botocore.session
from botocore import xform_name

OUT = Path(__file__).resolve().parent.parent / "sandbox" / "awscli" / "models"
FORMAT = 1

# botocore service name -> the operations generated: those the sandbox's services handle
# today, then those issues 13 (web identity federation) and 14 (Cognito) add.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "iam": (
        # users, groups, roles
        "CreateUser", "GetUser", "ListUsers", "UpdateUser", "DeleteUser", "ListGroupsForUser", "TagUser",
        "UntagUser", "ListUserTags", "PutUserPermissionsBoundary", "DeleteUserPermissionsBoundary",
        "CreateGroup", "GetGroup", "ListGroups", "UpdateGroup", "DeleteGroup", "AddUserToGroup",
        "RemoveUserFromGroup", "CreateRole", "GetRole", "ListRoles", "UpdateRole", "UpdateRoleDescription",
        "UpdateAssumeRolePolicy", "DeleteRole", "TagRole", "UntagRole", "ListRoleTags",
        "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
        # managed and inline policies
        "CreatePolicy", "GetPolicy", "ListPolicies", "DeletePolicy", "CreatePolicyVersion", "GetPolicyVersion",
        "ListPolicyVersions", "SetDefaultPolicyVersion", "DeletePolicyVersion", "ListEntitiesForPolicy",
        "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies", "PutUserPolicy", "GetUserPolicy",
        "ListUserPolicies", "DeleteUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy",
        "ListAttachedGroupPolicies", "PutGroupPolicy", "GetGroupPolicy", "ListGroupPolicies", "DeleteGroupPolicy",
        "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "PutRolePolicy", "GetRolePolicy",
        "ListRolePolicies", "DeleteRolePolicy",
        # credentials
        "CreateAccessKey", "ListAccessKeys", "UpdateAccessKey", "DeleteAccessKey", "GetAccessKeyLastUsed",
        "CreateLoginProfile", "GetLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile", "ChangePassword",
        "UpdateAccountPasswordPolicy", "GetAccountPasswordPolicy", "DeleteAccountPasswordPolicy",
        "CreateVirtualMFADevice", "EnableMFADevice", "ListMFADevices", "ListVirtualMFADevices",
        "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice",
        # instance profiles, the account, the simulator
        "CreateInstanceProfile", "GetInstanceProfile", "ListInstanceProfiles", "ListInstanceProfilesForRole",
        "DeleteInstanceProfile", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile", "GetAccountSummary",
        "CreateAccountAlias", "DeleteAccountAlias", "ListAccountAliases", "SimulateCustomPolicy",
        "SimulatePrincipalPolicy", "GetContextKeysForCustomPolicy", "GetContextKeysForPrincipalPolicy",
        # OIDC identity providers (issue 13)
        "CreateOpenIDConnectProvider", "GetOpenIDConnectProvider", "ListOpenIDConnectProviders",
        "DeleteOpenIDConnectProvider", "AddClientIDToOpenIDConnectProvider",
        "RemoveClientIDFromOpenIDConnectProvider", "UpdateOpenIDConnectProviderThumbprint",
        "TagOpenIDConnectProvider", "UntagOpenIDConnectProvider", "ListOpenIDConnectProviderTags",
    ),
    "sts": ("GetCallerIdentity", "AssumeRole", "GetSessionToken",
            "AssumeRoleWithWebIdentity"),  # issue 13
    "s3": ("ListBuckets", "CreateBucket", "DeleteBucket", "HeadBucket", "GetBucketLocation", "PutBucketPolicy",
           "GetBucketPolicy", "DeleteBucketPolicy", "PutObject", "GetObject", "HeadObject", "DeleteObject",
           "CopyObject", "ListObjectsV2"),
    "ec2": ("DescribeInstances", "RunInstances", "StartInstances", "StopInstances", "TerminateInstances",
            "AssociateIamInstanceProfile", "ReplaceIamInstanceProfileAssociation", "DisassociateIamInstanceProfile",
            "DescribeIamInstanceProfileAssociations", "ModifyInstanceMetadataOptions"),
    # issue 14: Cognito user pools, identity pools, sync, and SNS push
    "cognito-idp": (
        "CreateUserPool", "DescribeUserPool", "ListUserPools", "DeleteUserPool", "CreateUserPoolClient",
        "DescribeUserPoolClient", "ListUserPoolClients", "SignUp", "ConfirmSignUp", "ResendConfirmationCode",
        "InitiateAuth", "AdminCreateUser", "RespondToAuthChallenge", "AdminInitiateAuth", "GetUser", "ListUsers",
        "GlobalSignOut", "CreateGroup", "ListGroups", "AdminAddUserToGroup", "AdminListGroupsForUser",
        "CreateIdentityProvider", "DescribeIdentityProvider", "ListIdentityProviders",
    ),
    "cognito-identity": (
        "CreateIdentityPool", "DescribeIdentityPool", "ListIdentityPools", "UpdateIdentityPool",
        "DeleteIdentityPool", "SetIdentityPoolRoles", "GetIdentityPoolRoles", "GetId", "GetCredentialsForIdentity",
        "GetOpenIdToken", "DescribeIdentity", "ListIdentities",
    ),
    "cognito-sync": ("ListDatasets", "ListRecords", "UpdateRecords", "RegisterDevice", "SubscribeToDataset",
                     "SetIdentityPoolConfiguration", "GetIdentityPoolConfiguration"),
    "sns": ("CreatePlatformApplication", "CreatePlatformEndpoint", "ListEndpointsByPlatformApplication", "Publish"),
}

# -- the CLI's one-sentence documentation (awscli v2, customizations/utils.py) ---------------------

_SENTENCE_DELIMITERS = re.compile(r"[.:]+")


def doc_overview(documentation: str) -> str:
    """``get_shape_doc_overview``: the text of the first sentence, tags stripped, on one line."""
    try:
        dom = xml.dom.minidom.parseString(f"<doc>{documentation}</doc>")
        parts: list[str] = []
        _texts(dom, parts)
        content = "".join(parts)
    except xml.parsers.expat.ExpatError:
        content = documentation
    content = _SENTENCE_DELIMITERS.split(content, 1)[0]
    if content:
        content += "."
    return content.replace("\n", " ").replace("\u2028", " ")


def _texts(node, parts: list[str]) -> None:
    for child in node.childNodes:
        if child.nodeType == node.TEXT_NODE:
            parts.append(child.data)
        else:
            _texts(child, parts)


# -- the subset ---------------------------------------------------------------------------------------

class Subset:
    def __init__(self, session, service: str):
        self.model = session.get_service_model(service)
        self.raw = session.get_component("data_loader").load_service_model(service, "service-2")
        try:
            paginators = session.get_paginator_model(service)._paginator_config
        except botocore.exceptions.UnknownServiceError:
            paginators = {}
        self.paginators = paginators
        self.shapes: dict[str, dict] = {}
        self.docs: dict[str, dict[str, str]] = {}
        self.errors: dict[str, dict] = {}

    def operation(self, name: str) -> dict:
        op = self.model.operation_model(name)
        out: dict = {"cli": xform_name(name, "-"), "summary": doc_overview(op.documentation)}
        if op.input_shape is not None:
            out["input"] = self.shape(op.input_shape.name, documented=True)
            out["flags"] = [xform_name(member, "-") for member in op.input_shape.members]
        if op.output_shape is not None:
            out["output"] = self.shape(op.output_shape.name)
        errors = [e.name for e in op.error_shapes]
        for e in op.error_shapes:
            self.error(e)
        if errors:
            out["errors"] = errors
        if op.deprecated:
            out["deprecated"] = True
        paginator = self.paginators.get(name)
        if paginator:
            out["paginator"] = {key: (value if isinstance(value, list) or key in ("more_results", "limit_key")
                                      else [value]) for key, value in sorted(paginator.items())}
        return out

    def error(self, shape) -> None:
        meta = shape.metadata.get("error", {})
        self.errors[shape.name] = {"code": meta.get("code", shape.name),
                                   "status": meta.get("httpStatusCode", 400),
                                   "sender": bool(meta.get("senderFault", shape.metadata.get("fault") != "server"))}

    def shape(self, name: str, documented: bool = False) -> str:
        """Add shape ``name`` and what it refers to; ``documented``: keep its members' docs."""
        if name in self.shapes:
            if documented and name not in self.docs:
                self._document(name)
            return name
        raw = self.raw["shapes"][name]
        kind = raw["type"]
        out: dict = {"type": kind}
        for key in ("min", "max"):
            if key in raw:
                out[key] = raw[key]
        if "enum" in raw:
            out["enum"] = raw["enum"]
        if raw.get("streaming"):
            out["streaming"] = True
        if raw.get("document"):
            out["document"] = True
        self.shapes[name] = out
        if kind == "structure":
            members = {}
            tokens = []
            for member, ref in raw.get("members", {}).items():
                members[member] = ref["shape"]
                if ref.get("idempotencyToken"):
                    tokens.append(member)
            out["members"] = members
            if raw.get("required"):
                out["required"] = raw["required"]
            if tokens:
                out["tokens"] = tokens
            for target in members.values():
                self.shape(target, documented)
        elif kind == "list":
            out["member"] = raw["member"]["shape"]
            self.shape(out["member"], documented)
        elif kind == "map":
            out["key"] = raw["key"]["shape"]
            out["value"] = raw["value"]["shape"]
            self.shape(out["key"], documented)
            self.shape(out["value"], documented)
        if documented:
            self._document(name)
        return name

    def _document(self, name: str) -> None:
        """The overview of each member of structure ``name`` (and of what it contains)."""
        if name in self.docs or self.shapes[name]["type"] not in ("structure", "list", "map"):
            return
        shape = self.model.shape_for(name)
        if shape.type_name != "structure":
            self.docs[name] = {}
            for inner in ("member", "key", "value"):
                if inner in self.shapes[name]:
                    self.shape(self.shapes[name][inner], documented=True)
            return
        docs = {}
        self.docs[name] = docs
        for member, member_shape in shape.members.items():
            overview = doc_overview(member_shape.documentation)
            if overview:
                docs[member] = overview
            self.shape(member_shape.name, documented=True)
        if not docs:
            del self.docs[name]
            self.docs[name] = {}


def generate(service: str, operations: tuple[str, ...], session) -> dict:
    subset = Subset(session, service)
    meta = subset.model.metadata
    ops = {name: subset.operation(name) for name in operations}
    return {
        "format": FORMAT,
        "generated_from": f"botocore {botocore.__version__} (awscli {awscli.__version__})",
        "service": service,
        "api_version": meta["apiVersion"],
        "title": meta.get("serviceFullName", service),
        "protocol": meta["protocol"],
        "operations": ops,
        "shapes": dict(sorted(subset.shapes.items())),
        "docs": {name: docs for name, docs in sorted(subset.docs.items()) if docs},
        "errors": dict(sorted(subset.errors.items())),
    }


def render(data: dict) -> str:
    """Compact JSON, one shape or operation per line (reviewable diffs, small files)."""
    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, dict) and key in ("operations", "shapes", "docs", "errors"):
            lines.append(f"{json.dumps(key)}: {{")
            inner = list(value.items())
            for j, (name, body) in enumerate(inner):
                inner_comma = "," if j < len(inner) - 1 else ""
                lines.append(f"  {json.dumps(name)}: {json.dumps(body, separators=(',', ':'), ensure_ascii=False)}"
                             f"{inner_comma}")
            lines.append("}" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed files differ")
    args = parser.parse_args(argv)
    session = botocore.session.get_session()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for service, operations in OPERATIONS.items():
        text = render(generate(service, operations, session))
        path = OUT / f"{service}.json"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
            continue
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(OUT.parent.parent.parent)}: {len(operations)} operations, {len(text) // 1024} KB")
    if stale:
        print(f"out of date (run tools/gen_cli_models.py): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
