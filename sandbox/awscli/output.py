"""The AWS CLI's output formats (awscli/formatter.py), for a response or for the pages of a
paginated one (``paginate.PageIterator``):

- ``json``, ``table`` and ``yaml`` build the full result of the pages, drop
  ``ResponseMetadata``, apply ``--query``, then print it: JSON with a 4-space indent
  (nothing for ``{}``), a boxed table (``table.py``, nothing for an empty result), YAML
  (``yamlout.py``, nothing for ``{}``);
- ``text`` prints page by page, the first with the paginator's non-aggregate keys, each
  with ``--query`` applied to it, then ``NEXTTOKEN<TAB>token`` when ``--max-items``
  stopped early (awscli/text.py's flattening rules; a bare scalar, ``None`` included, on a
  line of its own);
- ``yaml-stream`` prints each page as one item of a YAML list.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sandbox.awscli.paginate import PageIterator
from sandbox.awscli.table import DEFAULT_WIDTH, TableError, format_table
from sandbox.text import json_visible

__all__ = ["QueryError", "TableError", "compile_query", "display", "render"]


class QueryError(Exception):
    pass


def compile_query(query: str):
    """``--query``, compiled before anything else runs (awscli's globalargs.py)."""
    import jmespath  # only with --query: it costs start-up time

    try:
        return jmespath.compile(query)
    except Exception as exc:  # jmespath's errors, whatever their class: the CLI catches them all
        raise QueryError(f"Bad value for --query {query}: {exc}") from None


def _default(value: Any):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _transform(data, query):
    if isinstance(data, dict):
        data.pop("ResponseMetadata", None)
    return query.search(data) if query is not None else data


def display(response, fmt: str, query, operation_api: str, terminal_width: int = DEFAULT_WIDTH) -> str:
    """What the CLI prints for ``response`` (a dict or a ``PageIterator``)."""
    paged = isinstance(response, PageIterator)
    if fmt == "text":
        if not paged:
            return format_text(_transform(response, query))
        out = []
        for i, page in enumerate(response):
            current = dict(response.non_aggregate_part) if i == 0 else {}
            for key in response.result_keys:
                current[key] = page.get(key)
            out.append(format_text(query.search(current) if query is not None else current))
        if response.resume_token:  # the query applies here too (so --query Users gives "None")
            token = {"NextToken": {"NextToken": response.resume_token}}
            out.append(format_text(query.search(token) if query is not None else token))
        return "".join(out)
    if fmt == "yaml-stream":
        from sandbox.awscli import yamlout  # only for yaml: its patterns cost start-up time

        if paged:
            return "".join(yamlout.dump([_transform(page, query)]) for page in response)
        data = _transform(response, query)
        return "" if data == {} else yamlout.dump([data])
    data = response.build_full_result() if paged else response
    return render(_transform(data, query), fmt, operation_api, terminal_width)


def render(data: Any, fmt: str, operation_api: str = "", terminal_width: int = DEFAULT_WIDTH) -> str:
    """The text to print for a full result (ending with a newline), or ``""`` for nothing."""
    if fmt == "text":
        return format_text(data)
    if fmt == "table":
        return format_table(data, operation_api, terminal_width)
    if fmt in ("yaml", "yaml-stream"):
        from sandbox.awscli import yamlout  # only for yaml: its patterns cost start-up time

        return yamlout.format_yaml(data) if fmt == "yaml" else yamlout.format_yaml_stream(data)
    if data == {}:
        return ""
    return json_visible(json.dumps(data, indent=4, ensure_ascii=False, default=_default)) + "\n"


# -- text: the rules of awscli/text.py ----------------------------------------------------

_scalar = str  # awscli/text.py writes every scalar with str()


def format_text(data: Any) -> str:
    out: list[str] = []
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
            scalars.append(_scalar(item.get(key, "")))
        for key in sorted(set(item) - set(scalar_keys)):
            nested.append((key, item[key]))
    if scalars:
        if identifier is not None:
            scalars.insert(0, identifier.upper())
        out.append("\t".join(scalars) + "\n")
    for key, value in nested:
        _text(value, out, key, None)
