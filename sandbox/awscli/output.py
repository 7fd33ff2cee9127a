"""The AWS CLI's output formats, after an optional JMESPath ``--query``: ``json`` (4-space
indent) and ``text`` (tab-separated, the CLI's own flattening rules) here; ``table``
(boxed, titled with the operation name) in ``table.py``; ``yaml`` and ``yaml-stream`` in
``yamlout.py``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sandbox.awscli.table import DEFAULT_WIDTH, TableError, format_table

__all__ = ["QueryError", "TableError", "apply_query", "render"]


def _default(value: Any):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def apply_query(data: Any, query: str | None) -> Any:
    if not query:
        return data
    import jmespath  # only with --query: it costs start-up time
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.search(query, data)
    except JMESPathError as exc:
        raise QueryError(f"Bad value for --query {query}: {exc}") from None


class QueryError(Exception):
    pass


def render(data: Any, fmt: str, operation_api: str = "", terminal_width: int = DEFAULT_WIDTH) -> str:
    """The text to print (ending with a newline), or ``""`` when there is nothing to print.
    ``terminal_width`` decides when a table is too wide and is turned on its side."""
    if fmt == "text":
        return format_text(data)
    if fmt == "table":
        return format_table(data, operation_api, terminal_width)
    if fmt in ("yaml", "yaml-stream"):
        from sandbox.awscli import yamlout  # only for yaml: its patterns cost start-up time

        return yamlout.format_yaml(data) if fmt == "yaml" else yamlout.format_yaml_stream(data)
    if data is None or data == {}:
        return "" if data == {} else "null\n"
    return json.dumps(data, indent=4, ensure_ascii=False, default=_default) + "\n"


# -- text: the rules of awscli/text.py ----------------------------------------------------

def _scalar(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def format_text(data: Any) -> str:
    out: list[str] = []
    if data is None:
        return ""
    _text(data, out, None, None)
    return "".join(out)


def _text(item: Any, out: list[str], identifier: str | None, scalar_keys: list[str] | None) -> None:
    if isinstance(item, dict):
        _text_dict(item, out, identifier, scalar_keys)
    elif isinstance(item, list):
        _text_list(item, out, identifier)
    else:
        out.append(_scalar(item) + "\n")


def _text_list(items: list, out: list[str], identifier: str | None) -> None:
    if not items:
        return
    if any(isinstance(el, dict) for el in items):
        keys = sorted({k for el in items if isinstance(el, dict) for k, v in el.items()
                       if not isinstance(v, (dict, list))})
        for el in items:
            _text(el, out, identifier, keys)
    elif any(isinstance(el, list) for el in items):
        scalars = [el for el in items if not isinstance(el, (dict, list))]
        if scalars:
            _text_scalars(scalars, out, identifier)
        for el in items:
            if isinstance(el, (dict, list)):
                _text(el, out, identifier, None)
    else:
        _text_scalars(items, out, identifier)


def _text_scalars(items: list, out: list[str], identifier: str | None) -> None:
    if identifier is not None:
        for el in items:
            out.append(f"{identifier.upper()}\t{_scalar(el)}\n")
    else:
        out.append("\t".join(_scalar(el) for el in items) + "\n")


def _text_dict(item: dict, out: list[str], identifier: str | None, scalar_keys: list[str] | None) -> None:
    scalars: list[str] = []
    nested: list[tuple[str, Any]] = []
    if scalar_keys is None:
        for key, value in sorted(item.items()):
            if isinstance(value, (dict, list)):
                nested.append((key, value))
            else:
                scalars.append(_scalar(value))
    else:
        for key in scalar_keys:
            scalars.append(_scalar(item[key]) if key in item else "None")
        for key in sorted(set(item) - set(scalar_keys)):
            nested.append((key, item[key]))
    if scalars:
        if identifier is not None:
            scalars.insert(0, identifier.upper())
        out.append("\t".join(scalars) + "\n")
    for key, value in nested:
        _text(value, out, key, None)
