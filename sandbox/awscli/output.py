"""The AWS CLI's output formats: ``json`` (4-space indent), ``text`` (tab-separated, the
CLI's own flattening rules) and ``table`` (boxed, titled with the operation name), after
an optional JMESPath ``--query``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def _default(value: Any):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def apply_query(data: Any, query: str | None) -> Any:
    if not query:
        return data
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.search(query, data)
    except JMESPathError as exc:
        raise QueryError(f"Bad value for --query {query}: {exc}") from None


class QueryError(Exception):
    pass


def render(data: Any, fmt: str, operation_api: str = "") -> str:
    """The text to print (ending with a newline), or ``""`` when there is nothing to print."""
    if fmt == "text":
        return format_text(data)
    if fmt == "table":
        return format_table(data, operation_api)
    if fmt in ("yaml", "yaml-stream"):
        return format_yaml(data)
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
        keys = sorted({k for el in items if isinstance(el, dict) for k, v in el.items() if not isinstance(v, (dict, list))})
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


# -- table ----------------------------------------------------------------------------------

def format_table(data: Any, title: str) -> str:
    if data is None or data == {}:
        return ""
    lines: list[str] = []
    width = max(_table_width(data, title), len(title) + 4)
    _table_section(title, data, lines, width, 0)
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    return _scalar(value)


def _table_width(data: Any, title: str) -> int:
    if isinstance(data, dict):
        scalars = {k: v for k, v in data.items() if not isinstance(v, (dict, list))}
        w = sum(max(len(k), len(_cell(v))) + 3 for k, v in scalars.items()) + 1 if scalars else 0
        for k, v in data.items():
            if isinstance(v, (dict, list)):
                w = max(w, _table_width(v, k) + 2)
        return max(w, len(title) + 4)
    if isinstance(data, list):
        if any(isinstance(el, dict) for el in data):
            keys = sorted({k for el in data if isinstance(el, dict) for k, v in el.items() if not isinstance(v, (dict, list))})
            cols = [max([len(k)] + [len(_cell(el.get(k, ""))) for el in data if isinstance(el, dict)]) + 2 for k in keys]
            w = sum(c + 1 for c in cols) + 1
            for el in data:
                if isinstance(el, dict):
                    for k, v in el.items():
                        if isinstance(v, (dict, list)):
                            w = max(w, _table_width(v, k) + 2)
            return max(w, len(title) + 4)
        return max([len(_cell(el)) + 4 for el in data] + [len(title) + 4])
    return max(len(_cell(data)), len(title)) + 4


def _table_section(title: str, data: Any, lines: list[str], width: int, depth: int) -> None:
    """One titled section: the outermost has a dashed top line; after the title comes
    the grid's top border, or a plain ``+---+`` line when the section only nests others
    (the layout of the AWS CLI's table formatter)."""
    pad = "|" * depth
    inner = width - 2 * depth

    def row(text: str) -> str:
        return f"{pad}{text}{pad}"

    plain_rule = row("+" + "-" * (inner - 2) + "+")
    if depth == 0:
        lines.append("-" * width)
    lines.append(row("|" + title.center(inner - 2) + "|"))
    if isinstance(data, dict):
        scalars = sorted(k for k, v in data.items() if not isinstance(v, (dict, list)))
        if scalars:
            _table_grid([data], scalars, lines, inner, pad)
        else:
            lines.append(plain_rule)
        for k, v in sorted(data.items()):
            if isinstance(v, (dict, list)):
                _table_section(k, v, lines, width, depth + 1)
    elif isinstance(data, list):
        dicts = [el for el in data if isinstance(el, dict)]
        if dicts:
            keys = sorted({k for el in dicts for k, v in el.items() if not isinstance(v, (dict, list))})
            if keys:
                _table_grid(dicts, keys, lines, inner, pad)
            else:
                lines.append(plain_rule)
            for el in dicts:
                for k, v in sorted(el.items()):
                    if isinstance(v, (dict, list)):
                        _table_section(k, v, lines, width, depth + 1)
        else:
            lines.append(plain_rule)
            for el in data:
                lines.append(row("|" + ("  " + _cell(el)).ljust(inner - 2) + "|"))
            lines.append(plain_rule)
    else:
        lines.append(plain_rule)
        lines.append(row("|" + ("  " + _cell(data)).ljust(inner - 2) + "|"))
        lines.append(plain_rule)


def _table_grid(rows: list[dict], keys: list[str], lines: list[str], inner: int, pad: str) -> None:
    widths = [max([len(k)] + [len(_cell(r.get(k, ""))) for r in rows]) + 2 for k in keys]
    total = sum(widths) + len(widths) + 1
    if total > inner:
        # too wide: one key/value pair per line, as the CLI does for long values
        kw = max(len(k) for k in keys) + 2
        vw = inner - kw - 3
        sep = pad + "+" + "-" * kw + "+" + "-" * vw + "+" + pad
        lines.append(sep)
        for r in rows:
            for k in keys:
                lines.append(pad + "|" + k.center(kw) + "|" + ("  " + _cell(r.get(k, ""))).ljust(vw) + "|" + pad)
            lines.append(sep)
        return
    extra = inner - total
    widths[-1] += extra
    sep = pad + "+" + "+".join("-" * w for w in widths) + "+" + pad
    lines.append(sep)
    lines.append(pad + "|" + "|".join(k.center(w) for k, w in zip(keys, widths)) + "|" + pad)
    lines.append(sep)
    for r in rows:
        lines.append(pad + "|" + "|".join(("  " + _cell(r.get(k, ""))).ljust(w) for k, w in zip(keys, widths)) + "|" + pad)
    lines.append(sep)


# -- yaml (minimal, for completeness of --output choices) -----------------------------------

def format_yaml(data: Any, indent: int = 0) -> str:
    lines: list[str] = []
    _yaml(data, lines, 0)
    return "\n".join(lines) + "\n" if lines else ""


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(_scalar(value), ensure_ascii=False)


def _yaml(data: Any, lines: list[str], level: int) -> None:
    pad = "  " * level
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                _yaml(v, lines, level + 1)
            else:
                lines.append(f"{pad}{k}: {_yaml_scalar(v) if not isinstance(v, (dict, list)) else ('{}' if isinstance(v, dict) else '[]')}")
    elif isinstance(data, list):
        for v in data:
            if isinstance(v, (dict, list)) and v:
                sub: list[str] = []
                _yaml(v, sub, 0)
                lines.append(f"{pad}- {sub[0]}")
                lines.extend(f"{pad}  {s}" for s in sub[1:])
            else:
                lines.append(f"{pad}- {_yaml_scalar(v)}")
    else:
        lines.append(pad + _yaml_scalar(data))
