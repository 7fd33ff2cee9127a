"""``--cli-input-json`` and ``--cli-input-yaml`` (awscli/customizations/cliinput.py): a
document of API-named parameters (``file://`` to read one) whose members fill in what the
command line's own arguments did not give. Only one of the two may be given; the document
must be a mapping. Its values are checked afterwards by the parameter validation, like any
other (a policy document given as an object is a type error there, as in the CLI).
"""

from __future__ import annotations

import json

from sandbox.awscli.unpack import ParamError, read_param_file


class CliInputError(Exception):
    """``Only one --cli-input- parameter may be specified.`` (awscli's ParamSyntaxError, 252)."""


def merge(parsed, read_file) -> None:
    """Fill ``parsed.params`` from the ``--cli-input-*`` document, if one was given."""
    values = parsed.values
    given = [name for name in ("cli_input_json", "cli_input_yaml") if values.get(name) is not None]
    if not given:
        return
    if len(given) != 1:
        raise CliInputError("Only one --cli-input- parameter may be specified.")
    name = given[0]
    flag = "--" + name.replace("_", "-")
    text = values[name]
    loaded = read_param_file(flag, text, read_file)
    if loaded is not None:
        text = loaded.decode("utf-8", "replace") if isinstance(loaded, bytes) else loaded
    document = _load_json(text) if name == "cli_input_json" else _load_yaml(text)
    if not isinstance(document, dict):
        raise ParamError(flag, f"Invalid type: expecting map, received {type(document)}")
    for key, value in document.items():
        parsed.params.setdefault(key, value)


def _load_json(text: str):
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: arrays or objects nested thousands deep
        raise ParamError("cli-input-json", "Invalid JSON received.") from None


def _load_yaml(text: str):
    from sandbox.awscli import yamlin  # only for --cli-input-yaml: it costs start-up time

    try:
        return yamlin.load(text)
    except yamlin.YamlError:
        raise ParamError("cli-input-yaml", "Invalid YAML received.") from None
