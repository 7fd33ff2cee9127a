"""The CLI's pagination of a paginated operation: botocore's ``PageIterator``
(botocore/paginate.py) over the operation's paginator from its model.

Requests follow the service's output token (``Marker``, ``NextToken``,
``NextContinuationToken``...) while ``more_results`` says so, with ``--page-size`` as the
limit key. ``--max-items`` stops after that many items of the first result key and sets a
resume token: the service's token plus ``boto_truncate_amount``, JSON then base64, exactly
as botocore encodes it, so ``--starting-token`` takes the real CLI's tokens too. The full
result keeps only the result keys, the paginator's ``non_aggregate_keys`` (from the first
page) and ``NextToken``, as ``build_full_result`` does.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator


def encode_token(token: dict) -> str:
    return base64.b64encode(json.dumps(token).encode("utf-8")).decode("utf-8")


class PageIterator:
    def __init__(self, request: Callable[[dict], dict], paginator: dict, params: dict, limit_type: str):
        params = dict(params)
        config = params.pop("PaginationConfig", {}) or {}
        self._request = request
        self._params = params
        self._input_token: list[str] = paginator["input_token"]
        self._output_token: list[str] = paginator["output_token"]
        self._more_results: str | None = paginator.get("more_results")
        self.result_keys: list[str] = paginator["result_key"]
        self._non_aggregate_keys: list[str] = paginator.get("non_aggregate_keys", [])
        self._limit_key: str | None = paginator.get("limit_key")
        self._max_items = int(config["MaxItems"]) if config.get("MaxItems") is not None else None
        self._starting_token = config.get("StartingToken")
        page_size = config.get("PageSize")
        if page_size is not None:
            page_size = str(page_size) if limit_type == "string" else int(page_size)
        self._page_size = page_size
        self._resume: dict | None = None
        self.non_aggregate_part: dict = {}

    @property
    def resume_token(self) -> str | None:
        return encode_token(self._resume) if self._resume is not None else None

    def _set_resume(self, value: dict) -> None:
        keys = sorted(self._input_token + (["boto_truncate_amount"] if "boto_truncate_amount" in value else []))
        if sorted(value) != keys:
            raise PaginationError(f"Bad starting token: {value}")
        self._resume = value

    def _starting(self) -> tuple[dict, int]:
        token = self._starting_token
        try:
            decoded = json.loads(base64.b64decode(token.encode("utf-8"), validate=False).decode("utf-8"))
            if not isinstance(decoded, dict):
                raise TypeError
            index = decoded.pop("boto_truncate_amount", 0)
            return decoded, index
        except (ValueError, TypeError, RecursionError, binascii.Error, UnicodeDecodeError):
            return self._starting_deprecated()

    def _starting_deprecated(self) -> tuple[dict, int]:
        """Tokens of the old ``token___index`` form (``_parse_starting_token_deprecated``)."""
        parts = self._starting_token.split("___")
        index = 0
        if len(parts) == len(self._input_token) + 1:
            try:
                index = int(parts.pop())
            except ValueError:
                parts = [self._starting_token]
        values = [None if part == "None" else part for part in parts]
        if len(values) > len(self._input_token):
            raise PaginationError(f"Bad starting token: {self._starting_token}")
        values += [None] * (len(self._input_token) - len(values))
        return dict(zip(self._input_token, values)), index

    @staticmethod
    def _inject(params: dict, token: dict) -> None:
        for name, value in token.items():
            if value is not None and value != "None":
                params[name] = value
            elif name in params:
                del params[name]

    def __iter__(self) -> Iterator[dict]:
        params = self._params
        next_token: dict = {key: None for key in self._input_token}
        truncation = 0
        if self._starting_token is not None:
            next_token, truncation = self._starting()
            self._inject(params, next_token)
        if self._page_size is not None:
            params[self._limit_key] = self._page_size
        previous = None
        total = 0
        first = True
        primary = self.result_keys[0]
        while True:
            page = self._request(dict(params))
            if first:
                if self._starting_token is not None:
                    self._skip_start(page, primary, truncation)
                else:
                    truncation = 0
                first = False
                self.non_aggregate_part = {key: page.get(key) for key in self._non_aggregate_keys}
            else:
                truncation = 0
            items = page.get(primary)
            count = len(items) if items is not None else 0
            excess = total + count - self._max_items if self._max_items is not None else 0
            if excess > 0:
                keep = count - excess
                page[primary] = (items or [])[:keep]
                next_token["boto_truncate_amount"] = keep + truncation
                self._set_resume(next_token)
                yield page
                return
            yield page
            total += count
            next_token = self._next_token(page)
            if all(value is None for value in next_token.values()):
                return
            if self._max_items is not None and total == self._max_items:
                self._set_resume(next_token)
                return
            if previous is not None and previous == next_token:
                raise PaginationError(f"The same next token was received twice: {next_token}")
            self._inject(params, next_token)
            previous = next_token

    def _skip_start(self, page: dict, primary: str, truncation: int) -> None:
        """``_handle_first_request``: the items a previous ``--max-items`` already showed."""
        data = page.get(primary)
        page[primary] = data[truncation:] if isinstance(data, (list, str)) else None
        for key in self.result_keys[1:]:
            sample = page.get(key)
            page[key] = [] if isinstance(sample, list) else "" if isinstance(sample, str) else \
                sample if isinstance(sample, (int, float)) else None

    def _next_token(self, page: dict) -> dict:
        if self._more_results is not None and not page.get(self._more_results):
            return {}
        return {input_key: page.get(output) or None for output, input_key in zip(self._output_token, self._input_token)}

    def build_full_result(self) -> dict:
        result: dict = {}
        for page in self:
            for key in self.result_keys:
                value = page.get(key)
                if value is None:
                    continue
                existing = result.get(key)
                if existing is None:
                    result[key] = value
                elif isinstance(value, list):
                    existing.extend(value)
                elif isinstance(value, (int, float, str)):
                    result[key] = existing + value
        for key, value in self.non_aggregate_part.items():
            result[key] = value
        if self.resume_token is not None:
            result["NextToken"] = self.resume_token
        return result


class PaginationError(Exception):
    """A token botocore cannot use (the CLI's catch-all: the message, exit 255)."""
