"""An argument's value as the API takes it, the way awscli unpacks it (argprocess.py,
paramfile.py, shorthand.py), in the same order:

1. ``file://`` and ``fileb://`` values are read (``URIArgumentHandler``): a list argument
   given one value is read as one file, whose text is then the argument's whole value, so a
   list parameter from a file is a JSON list;
2. a structure, a map or a list of them that does not look like JSON is parsed as
   shorthand (``Key=Value,...``) and given the model's types (``BackCompatVisitor``);
3. otherwise by the member's shape: integers and floats converted, JSON for structures,
   maps and lists that look like it, the rest as given.

Failures are worded as the CLI words them; ``ValueError`` from a conversion is left to the
caller (the CLI's catch-all: exit 255 with Python's message).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sandbox.awscli.model import Shape
from sandbox.awscli.shorthand import ShorthandError, parse_shorthand
from sandbox.awscli.spec import Param

SCALAR_TYPES = ("string", "float", "integer", "long", "boolean", "double", "blob", "timestamp")
_DECODE_HINT = ("text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix "
                "instead of the file:// prefix.")


class ParamError(Exception):
    """A value that cannot be read or parsed: ``Error parsing parameter '--x': ...`` (exit 252)."""

    def __init__(self, flag: str, message: str):
        super().__init__(f"Error parsing parameter '{flag}': {message}")


def read_param_file(flag: str, value, read_file: Callable[[str, bool], str | bytes]):
    """``file://PATH`` -> the file's text, ``fileb://PATH`` -> its bytes; anything else: None
    (awscli's ``get_paramfile``)."""
    if not isinstance(value, str):
        return None
    for prefix, binary in (("file://", False), ("fileb://", True)):
        if value.startswith(prefix):
            path = value[len(prefix):]
            try:
                return read_file(path, binary)
            except UnicodeDecodeError:
                raise ParamError(flag, f"Unable to load paramfile ({path}), {_DECODE_HINT}") from None
            except OSError as exc:
                reason = str(exc) if exc.filename is not None else \
                    f"[Errno {exc.errno or 2}] {exc.strerror or exc}: '{path}'"
                raise ParamError(flag, f"Unable to load paramfile {value}: {reason}") from None
    return None


def load_value(param: Param, value, read_file):
    """Step 1: the argument's value with a ``file://`` or ``fileb://`` value read."""
    single = value[0] if isinstance(value, list) and len(value) == 1 else value
    loaded = read_param_file(param.flag, single, read_file)
    return value if loaded is None else loaded


def unpack(param: Param, value, read_file):
    """Steps 2 and 3: the API value of a model member's argument."""
    shape = param.shape
    if _as_shorthand(shape, value):
        return _shorthand(param, shape, value, read_file)
    return unpack_shape(shape, value, param.flag)


# -- shorthand (awscli ParamShorthandParser) ---------------------------------------------------

def _complex(shape: Shape) -> bool:
    if shape.type_name not in ("structure", "list", "map") or shape.is_document:
        return False
    return shape.type_name != "list" or shape.member.type_name in ("structure", "list", "map")


def _as_shorthand(shape: Shape, value) -> bool:
    check = value[0] if value and isinstance(value, list) else value
    if isinstance(check, str) and check.strip().startswith(("[", "{")):
        return False
    return _complex(shape)


def _shorthand(param: Param, shape: Shape, value, read_file):
    members = shape.members if shape.type_name == "structure" else {}
    if len(members) == 1 and "Value" in members and members["Value"].type_name == "string" \
            and isinstance(value, str) and "=" not in value:
        return {"Value": value}

    def load(text):
        loaded = read_param_file(param.flag, text, read_file)
        return text if loaded is None else loaded

    try:
        if isinstance(value, list):
            parsed = [parse_shorthand(v, load) for v in value]
        else:
            parsed = parse_shorthand(value, load)
        _visit({}, shape, "", parsed)
    except ShorthandError as exc:
        raise ParamError(param.flag, str(exc)) from None
    return parsed


def _visit(parent, shape: Shape, name, value) -> None:
    """awscli's ``BackCompatVisitor``: shorthand strings given the model's types."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return
        for member, member_shape in shape.members.items():
            _visit(value, member_shape, member, value.get(member))
    elif kind == "list":
        if not isinstance(value, list):
            if value is not None:
                parent[name] = [value]
            return
        member = shape.member
        for i, element in enumerate(value):
            _visit(value, member, i, element)
    elif kind == "map":
        if isinstance(value, dict):
            inner = shape.value
            for key, element in value.items():
                _visit(value, inner, key, element)
    elif value is not None:
        if kind in ("integer", "long"):
            parent[name] = int(value)
        elif kind in ("double", "float"):
            parent[name] = float(value)
        elif kind == "boolean" and isinstance(value, str):
            if value.lower() == "true":
                parent[name] = True
            elif value.lower() == "false":
                parent[name] = False


# -- by shape (awscli unpack_cli_arg) -----------------------------------------------------------

def unpack_shape(shape: Shape, value, flag: str):
    kind = shape.type_name
    if shape.is_document:
        return _json(value, flag)
    if kind in SCALAR_TYPES:
        return _scalar(shape, value, flag)
    if kind in ("structure", "map"):
        if value.lstrip()[0] == "{":  # an empty value fails here as in the CLI (exit 255)
            return _json(value, flag)
        raise ParamError(flag, f"Invalid JSON:\n{value}")
    if kind == "list":
        if isinstance(value, str):
            if value.lstrip()[0] == "[":
                return _json(value, flag)
        elif isinstance(value, list) and len(value) == 1:
            single = value[0].strip()
            if single and single[0] == "[":
                return _json(value[0], flag)
        member = shape.member
        try:
            return [unpack_shape(member, v, flag) for v in value]
        except (ValueError, TypeError):
            raise ParamError(flag, value[0]) from None
    return str(value)


def _scalar(shape: Shape, value, flag: str):
    kind = shape.type_name
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        if isinstance(value, str) and value.lower() == "false":
            return False
        return bool(value)
    return value


def _json(value: str, flag: str):
    try:
        return json.loads(value)
    except ValueError as exc:
        raise ParamError(flag, f"Invalid JSON: {exc}\nJSON received: {value}") from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise ParamError(flag, "Invalid JSON: nested too deeply") from None
