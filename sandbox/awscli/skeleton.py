"""``--generate-cli-skeleton``: print an input skeleton for ``--cli-input-json`` instead of
calling the service, as the AWS CLI does (awscli/customizations/generatecliskeleton.py,
botocore's ArgumentGenerator): every parameter the operation takes, with an empty value
of its type (``""``, ``0``, ``true``, a list of one such value, a structure of its
members). An enumeration shows one of its values.

Only ``input`` (the default) is simulated: ``yaml-input`` documents each member with
the model's documentation, and ``output`` needs the service's response shapes, neither of
which the sandbox has.
"""

from __future__ import annotations

import json
from typing import TextIO

from sandbox.awscli import spec
from sandbox.awscli.parse import UsageError

_EMPTY = {spec.STRING: "", spec.JSON_DOC: "", spec.INTEGER: 0, spec.BOOLEAN: True, spec.BLOB: None}


def _member(kind: str):
    if kind == spec.LIST:
        return [""]
    return _EMPTY.get(kind, "")


def _value(param: spec.Param):
    kind = param.type
    if kind == spec.LIST:
        return [""]
    if kind == spec.MAP:
        return {"KeyName": ""}
    if kind in (spec.STRUCTURE, spec.STRUCTURE_LIST):
        structure = {name: _member(member) for name, member in param.members.items()}
        return [structure] if kind == spec.STRUCTURE_LIST else structure
    if param.choices:
        return param.choices[0]
    return _EMPTY.get(kind, "")


def build(operation: spec.Operation) -> dict:
    """The skeleton's content: API name → placeholder, in the operation's order."""
    shown = {p.api: _value(p) for p in operation.params if not p.client_choices and p.to_params is None}
    shown.update({name: 0 for name in operation.input_only})  # e.g. MinCount and MaxCount behind --count
    return shown


def skeleton(operation: spec.Operation, kind: str, out: TextIO) -> int:
    if kind != "input":
        raise UsageError(f"argument --generate-cli-skeleton: IAM Sandbox prints the JSON input skeleton only "
                         f"(input); '{kind}' is not simulated.")
    out.write(json.dumps(build(operation), indent=4) + "\n")
    return 0
