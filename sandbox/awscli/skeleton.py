"""``--generate-cli-skeleton``, as the AWS CLI v2 prints it
(awscli/customizations/generatecliskeleton.py and botocore's ``ArgumentGenerator``), from
the operation's shapes:

- ``input`` (the default): every member of the input, each with a placeholder of its type
  (``""``, the first value of an enumeration, ``0``, ``0.0``, ``true``, ``null`` for a
  blob, a one-item list, ``{"KeyName": ...}`` for a map, a structure of its members; a
  structure already being expanded is ``{}``), as JSON with a 4-space indent;
- ``yaml-input``: the same as YAML (``!!binary ''`` for a blob, ``1970-01-01 00:00:00``
  for a timestamp), each member followed by a comment: ``[REQUIRED]``, the first sentence
  of its documentation, its valid values; laid out as the CLI's YAML writer lays it out
  (the first key of each mapping two spaces before its comment, the others one);
- ``output``: the command runs with the service replaced by a response whose strings are
  their member names (``"UserName": "UserName"``), printed in the chosen output format.
"""

from __future__ import annotations

import json
from datetime import datetime

from sandbox.awscli.model import Shape
from sandbox.awscli.yamlout import scalar_style

EPOCH = datetime(1970, 1, 1)


class Binary:
    """A blob's placeholder in a YAML skeleton."""


def generate(shape: Shape, use_member_names: bool = False, yaml: bool = False):
    """botocore's ``ArgumentGenerator.generate_skeleton``."""
    return _generate(shape, [], "", use_member_names, yaml)


def _generate(shape: Shape, stack: list[str], name: str, names: bool, yaml: bool):
    stack.append(shape.name)
    try:
        kind = shape.type_name
        if kind == "structure":
            if stack.count(shape.name) > 1:
                return {}
            return {member: _generate(member_shape, stack, member, names, yaml)
                    for member, member_shape in shape.members.items()}
        if kind == "list":
            return [_generate(shape.member, stack, shape.data["member"] if names else "", names, yaml)]
        if kind == "map":
            return {"KeyName": _generate(shape.value, stack, "", names, yaml)}
        if kind == "string":
            return name if names else (shape.enum[0] if shape.enum else "")
        if kind in ("integer", "long"):
            return 0
        if kind in ("float", "double"):
            return 0.0
        if kind == "boolean":
            return True
        if kind == "timestamp":
            return EPOCH
        if kind == "blob" and yaml:
            return Binary()
        return None
    finally:
        stack.pop()


def input_json(shape: Shape | None) -> str:
    skeleton = generate(shape) if shape is not None else {}
    return json.dumps(skeleton, indent=4, default=_json_default) + "\n"


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


# -- yaml-input --------------------------------------------------------------------------------

def input_yaml(shape: Shape | None) -> str:
    if shape is None or not shape.members:
        return "{}\n"
    lines: list[str] = []
    _yaml_structure(shape, generate(shape, yaml=True), 0, "", lines)
    return "\n".join(lines) + "\n"


def _comment(member: str, member_shape: Shape, parent: Shape) -> str:
    parts = []
    if member in parent.required_members:
        parts.append("[REQUIRED]")
    parts.append(member_shape.doc)
    if member_shape.enum:
        parts.append(f"Valid values are: {', '.join(member_shape.enum)}.")
    comment = " ".join(parts)
    return "" if not comment or comment.isspace() else "# " + comment


def _scalar(value) -> str:
    if isinstance(value, Binary):
        return "!!binary ''"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return str(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if value is None:
        return ""
    quote = scalar_style(value, False)
    if quote == "'":
        return "'" + value.replace("'", "''") + "'"
    if quote == '"':
        return json.dumps(value)
    return value


def _yaml_structure(shape: Shape, value: dict, indent: int, first_prefix: str, lines: list[str]) -> None:
    """A commented mapping: its first line starts with ``first_prefix`` (``- `` in a list)."""
    if not value:
        lines.append(" " * indent + first_prefix + "{}")
        return
    members = shape.members
    for i, (member, item) in enumerate(value.items()):
        member_shape = members[member]
        comment = _comment(member, member_shape, shape)
        lead = (" " * indent + first_prefix) if i == 0 else " " * (indent + len(first_prefix))
        gap = "  " if i == 0 else " "
        column = indent + len(first_prefix)
        if isinstance(item, (dict, list)) and item:
            lines.append(f"{lead}{member}:" + (gap + comment if comment else ""))
            _yaml_value(member_shape, item, column, lines)
        else:
            text = "{}" if isinstance(item, dict) else "[]" if isinstance(item, list) else _scalar(item)
            lines.append(f"{lead}{member}: {text}" + (gap + comment if comment else ""))


def _yaml_value(shape: Shape, value, column: int, lines: list[str]) -> None:
    """A nested value under a key at ``column``: a mapping indented, a list not."""
    if isinstance(value, dict):
        if shape.type_name == "structure":
            _yaml_structure(shape, value, column + 2, "", lines)
        else:  # a map: a plain mapping without comments
            for key, item in value.items():
                if isinstance(item, (dict, list)) and item:
                    lines.append(" " * (column + 2) + f"{key}:")
                    _yaml_value(shape.value, item, column + 2, lines)
                else:
                    lines.append(" " * (column + 2) + f"{key}: {_scalar(item)}")
        return
    member = shape.member
    for item in value:
        if isinstance(item, dict) and item and member.type_name == "structure":
            _yaml_structure(member, item, column, "- ", lines)
        elif isinstance(item, list) and item:
            lines.append(" " * column + "-")
            _yaml_value(member, item, column + 2, lines)
        else:
            lines.append(" " * column + "- " + _scalar(item))


# -- output ------------------------------------------------------------------------------------

def fake_response(shape: Shape | None) -> dict:
    """The response ``--generate-cli-skeleton output`` prints: strings are their names."""
    return generate(shape, use_member_names=True) if shape is not None else {}
