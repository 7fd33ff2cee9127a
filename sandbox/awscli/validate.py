"""The checks botocore makes on the client before a request is sent ("Parameter validation
failed", botocore/validate.py ``ParamValidator``), over the operation's input shape:
required and unknown members, Python types, and the model's minimums (a string's or a
list's length, a number's value). Every problem is reported, one per line, and the command
stops with exit status 252 without calling the service.

Names are botocore's: ``UserName``, ``ActionNames[0]``, ``Tags[1].Key``, ``Map (key: k)``;
the top level is ``input``. Maximums, patterns and enumerations are the service's to check.
"""

from __future__ import annotations

import re
from datetime import datetime

from sandbox.awscli.model import Shape

_SCALARS = {
    "float": (float, int), "double": (float, int), "integer": (int,), "long": (int,), "boolean": (bool,),
    "string": (str,),
}
_CONTAINERS = {"structure": (dict,), "map": (dict,), "list": (list, tuple)}
_TYPE_NAMES = {
    "float": "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
    "double": "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>",
    "integer": "<class 'int'>", "long": "<class 'int'>", "boolean": "<class 'bool'>", "string": "<class 'str'>",
    "structure": "<class 'dict'>", "map": "<class 'dict'>", "list": "<class 'list'>, <class 'tuple'>",
}
_TIMESTAMP = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\Z"


class ParamValidationError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("Parameter validation failed:\n" + "\n".join(problems))


def check(shape: Shape | None, params: dict) -> None:
    """Raise ``ParamValidationError`` listing every problem with ``params`` (API names)."""
    if shape is None:
        return
    problems: list[str] = []
    _validate(params, shape, problems, "")
    if problems:
        raise ParamValidationError(problems)


def _name(name: str) -> str:
    return "input" if not name else name[1:] if name.startswith(".") else name


def _type_ok(value, kind: str, problems: list[str], name: str) -> bool:
    valid = _SCALARS.get(kind) or _CONTAINERS[kind]
    if isinstance(value, valid):
        return True
    problems.append(f"Invalid type for parameter {_name(name)}, value: {value}, type: {type(value)}, "
                    f"valid types: {_TYPE_NAMES[kind]}")
    return False


def _range(value, shape: Shape, problems: list[str], name: str, length: bool) -> None:
    minimum = shape.min
    if minimum is not None and value < minimum:
        what = "length" if length else "value"
        problems.append(f"Invalid {what} for parameter {_name(name)}, value: {value}, valid min {what}: {minimum}")


def _constrained(shape: Shape) -> bool:
    return bool({"required", "min", "document"} & set(shape.data))


def _validate(value, shape: Shape, problems: list[str], name: str) -> None:
    kind = shape.type_name
    if kind == "structure" and shape.is_document:
        return
    if kind == "structure":
        if not _type_ok(value, kind, problems, name):
            return
        for member in shape.required_members:
            if member not in value:
                problems.append(f'Missing required parameter in {_name(name)}: "{member}"')
        members = shape.members
        known = []
        for key in value:
            if key not in members:
                problems.append(f'Unknown parameter in {_name(name)}: "{key}", must be one of: {", ".join(members)}')
            else:
                known.append(key)
        for key in known:
            _validate(value[key], members[key], problems, f"{name}.{key}")
    elif kind == "list":
        if not _type_ok(value, kind, problems, name):
            return
        _range(len(value), shape, problems, name, length=True)
        member = shape.member
        if member.type_name in _SCALARS and not _constrained(member):
            for i, item in enumerate(value):
                _type_ok(item, member.type_name, problems, f"{name}[{i}]")
            return
        for i, item in enumerate(value):
            _validate(item, member, problems, f"{name}[{i}]")
    elif kind == "map":
        if not _type_ok(value, kind, problems, name):
            return
        key_shape, value_shape = shape.key, shape.value
        for key, item in value.items():
            _validate(key, key_shape, problems, f"{name} (key: {key})")
            _validate(item, value_shape, problems, f"{name}.{key}")
    elif kind == "string":
        if _type_ok(value, kind, problems, name):
            _range(len(value), shape, problems, name, length=True)
    elif kind in ("integer", "long", "float", "double"):
        if _type_ok(value, kind, problems, name):
            _range(value, shape, problems, name, length=False)
    elif kind == "boolean":
        _type_ok(value, kind, problems, name)
    elif kind == "blob":
        if not isinstance(value, (bytes, bytearray, str)) and not hasattr(value, "read"):
            problems.append(f"Invalid type for parameter {_name(name)}, value: {value}, type: {type(value)}, "
                            "valid types: <class 'bytes'>, <class 'bytearray'>, file-like object")
    elif kind == "timestamp":
        if not _timestamp_ok(value):
            problems.append(f"Invalid type for parameter {_name(name)}, value: {value}, type: {type(value)}, "
                            "valid types: <class 'datetime.datetime'>, timestamp-string")


def _timestamp_ok(value) -> bool:
    """botocore accepts a datetime, a number of seconds, or a string it can parse as a date."""
    if isinstance(value, (datetime, int, float)) and not isinstance(value, bool):
        return True
    if not isinstance(value, str):
        return False
    text = value.strip()
    try:
        float(text)
        return True
    except ValueError:
        return bool(re.match(_TIMESTAMP, text))
