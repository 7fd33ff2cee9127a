"""Parse and validate policy documents as IAM does, and compile them for evaluation.

Three grammars share one parser: identity policies (also permissions boundaries, session
policies and SCPs) have no ``Principal`` and need a ``Resource``; resource-based policies
need a ``Principal`` and a ``Resource``; role trust policies need a ``Principal`` and may
not have a ``Resource``. Errors carry IAM's own messages (``MalformedPolicyDocument``) and,
where the text is known, the line and column they point at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import accumulate
from types import MappingProxyType
from typing import Any

from sandbox.errors import AwsError
from sandbox.policy import jsonpos
from sandbox.policy.cache import LruCache
from sandbox.policy.conditions import Condition, parse_operator
from sandbox.policy.principal import PrincipalBlock, classify
from sandbox.policy.readonly import ReadOnly
from sandbox.policy.statement import Statement

IDENTITY = "identity"
RESOURCE = "resource"
TRUST = "trust"
KINDS = (IDENTITY, RESOURCE, TRUST)

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_FIELDS = ("Version", "Id", "Statement")
STATEMENT_FIELDS = ("Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
                    "Resource", "NotResource", "Condition")
PRINCIPAL_TYPES = ("AWS", "Service", "Federated", "CanonicalUser")

_SID_IAM = re.compile(r"^[0-9A-Za-z]*$")
_VENDOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ACTION_NAME = re.compile(r"^[A-Za-z0-9*?_-]+$")

# Bounds that keep parsing cheap whatever the input. IAM's APIs take policy documents of at
# most 131,072 characters (IAM API Reference, e.g. CreatePolicy: PolicyDocument "Maximum
# length of 131072"). The engine also reads texts that never crossed an API (AWS managed
# policies, pretty-printed), so it bounds the characters other than white space by that
# figure, and the whole text by eight times it. A valid policy nests six levels deep at
# most, so 64 leaves room for precise errors about wrong shapes while no input can
# exhaust the parser's recursion.
MAX_DOCUMENT_LENGTH = 131072
MAX_TEXT_LENGTH = 8 * MAX_DOCUMENT_LENGTH
MAX_DEPTH = 64
_STRINGS = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"', re.DOTALL)  # possessive: linear, never backtracks
_BRACKETS = re.compile(r"[\[\]{}]")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_ACTIONS_REMEMBERED = 512  # per policy (see ``Policy.statements_for``)


@dataclass(slots=True)
class Issue:
    """A validation finding: an error IAM would refuse, or a warning Access Analyzer would give."""

    severity: str  # "error" | "warning"
    message: str
    path: tuple = ()
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        return f"line {self.line}, column {self.column}" if self.line else ""


class MalformedPolicy(AwsError):
    code_name = "MalformedPolicyDocument"

    def __init__(self, issues: list[Issue]):
        first = issues[0]
        super().__init__(self.code_name, first.message)
        self.issues = issues
        self.line = first.line
        self.column = first.column


class PolicyTooLarge(MalformedPolicy):
    """A document larger than any policy IAM keeps: refused before it is read."""

    code_name = "LimitExceeded"


class Policy(ReadOnly):
    """A parsed, compiled policy document.

    Read-only: ``parse_policy`` caches policies by their text and hands the same object to
    every caller. Positions in the text are worked out on first use and kept with it.
    """

    __slots__ = ("kind", "version", "id", "statements", "text", "single_statement", "_derived")

    def __init__(self, kind: str, version: str | None, id: str | None, statements, text: str,
                 single_statement: bool = False):
        self._fill(kind=kind, version=version, id=id, statements=tuple(statements), text=text,
                   single_statement=single_statement,
                   _derived={})  # facts computed from ``text`` alone, on first use

    @property
    def document(self) -> Any:
        """The document as JSON data: a fresh copy each time, so no caller can change another's."""
        return json.loads(self.text)

    def __repr__(self) -> str:
        return f"Policy({self.kind}, {len(self.statements)} statements, {len(self.text)} characters)"

    @property
    def uses_variables(self) -> bool:
        return self.version == "2012-10-17"

    def spans(self) -> Mapping[tuple, tuple[int, int]]:
        """Where each value of the document is in its text (see ``jsonpos``), read-only."""
        spans = self._derived.get("spans")
        if spans is None:
            spans = self._derived["spans"] = MappingProxyType(jsonpos.value_spans(self.text))
        return spans

    def _statement_places(self) -> dict[tuple, tuple[int, int, int, int]]:
        """``{statement path: (start line, start column, end line, end column)}``, 1-based."""
        places = self._derived.get("places")
        if places is None:
            spans = jsonpos.statement_spans(self.text)
            paths = list(spans)
            where = jsonpos.line_cols(self.text, [o for p in paths for o in spans[p]])
            places = {p: where[2 * i] + where[2 * i + 1] for i, p in enumerate(paths)}
            self._derived["places"] = places
        return places

    def statement_position(self, st: Statement) -> dict:
        """``StartPosition``/``EndPosition`` as the IAM simulator reports them (a new dict each call).

        Calibrated on the AWS CLI's documented example: both columns are one past the
        1-based column of the statement's opening and closing brace.
        """
        place = self._statement_places().get(st.path)
        if place is None:
            return {"StartPosition": {"Line": 1, "Column": 1}, "EndPosition": {"Line": 1, "Column": 1}}
        sl, sc, el, ec = place
        return {"StartPosition": {"Line": sl, "Column": sc + 1}, "EndPosition": {"Line": el, "Column": ec + 1}}

    def statement_lines(self, st: Statement) -> tuple[int, int] | None:
        place = self._statement_places().get(st.path)
        return None if place is None else (place[0], place[2])

    def statements_for(self, action_l: str) -> tuple[Statement, ...]:
        """The statements whose ``Action``/``NotAction`` covers the (lower-cased) action,
        remembered per action: the first filter of every decision, done once."""
        memo = self._derived.get("actions")
        if memo is None:
            memo = self._derived.setdefault("actions", {})
        found = memo.get(action_l)
        if found is None:
            found = tuple(st for st in self.statements if st.action_matches(action_l) != st.not_action)
            if len(memo) < _ACTIONS_REMEMBERED:
                memo[action_l] = found
        return found

    def context_keys(self, action_l: str | None = None) -> list[str]:
        """Condition and variable keys of the statements (for ``action_l`` only, if given)."""
        seen: dict[str, str] = {}
        for st in self.statements if action_l is None else self.statements_for(action_l):
            for key in st.keys:
                seen.setdefault(key.lower(), key)
        return list(seen.values())


def nonwhitespace_size(text: str) -> int:
    """Size as IAM counts it for its quotas: every character except white space."""
    return len(text) - sum(text.count(ch) for ch in " \t\n\r")


def _text_of(document: str | dict) -> str:
    """The document's text; an object (from ``--cli-input-json``) is written out as JSON, so
    that it is parsed, cached and located like text."""
    if isinstance(document, str):
        return document
    if isinstance(document, dict):
        try:
            return json.dumps(document, indent=2)
        except (RecursionError, ValueError, TypeError):
            pass
    raise MalformedPolicy([Issue("error", "Syntax errors in policy.")])


def check_bounds(text: str) -> None:
    """Refuse, cheaply and before any parsing, a document too large or too deeply nested."""
    if len(text) > MAX_DOCUMENT_LENGTH:
        size = nonwhitespace_size(text)
        if size > MAX_DOCUMENT_LENGTH or len(text) > MAX_TEXT_LENGTH:
            raise PolicyTooLarge([Issue("error", f"The policy document has {size:,} characters other than white space "
                                                 f"({len(text):,} in all); no IAM policy can have more than "
                                                 f"{MAX_DOCUMENT_LENGTH:,}.")])
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    brackets = _BRACKETS.findall(_STRINGS.sub("", text))
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH:
        raise MalformedPolicy([Issue("error", f"Syntax errors in policy. The JSON is nested more than {MAX_DEPTH} "
                                              "levels deep.")])


def load_json(text: str) -> Any:
    """``json.loads`` with IAM's error: ``MalformedPolicyDocument`` with line and column."""
    check_bounds(text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"Syntax errors in policy. {exc.msg} at line {exc.lineno}, column {exc.colno}."
        raise MalformedPolicy([Issue("error", msg, (), exc.lineno, exc.colno)]) from None
    except (RecursionError, ValueError):
        raise MalformedPolicy([Issue("error", "Syntax errors in policy.")]) from None


_PARSED: LruCache[Policy] = LruCache(max_entries=2048, max_chars=2_000_000)  # some 15 MB at most


def parse_policy(document: str | dict, kind: str = IDENTITY) -> Policy:
    """Parse and compile; raise ``MalformedPolicy`` (an ``AwsError``) on the first error.

    Each distinct text is parsed once (a bounded cache shared by every caller); the
    policy returned is read-only.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    return _PARSED.get_or_build(kind, _text_of(document), _parse)


def _parse(text: str, kind: str) -> Policy:
    data = load_json(text)
    builder = _Builder(kind, text)
    policy = builder.build(data)
    if builder.errors:
        builder.locate()
        raise MalformedPolicy(builder.errors)
    return policy


def check_policy(document: str | dict, kind: str = IDENTITY) -> tuple[Policy | None, list[Issue]]:
    """Every error and structural warning, located; the policy when there is no error."""
    try:
        text = _text_of(document)
        data = load_json(text)
    except MalformedPolicy as exc:
        return None, exc.issues
    builder = _Builder(kind, text)
    policy = builder.build(data)
    builder.locate()
    issues = builder.errors + builder.warnings
    return (None if builder.errors else policy), issues


class _Builder:
    def __init__(self, kind: str, text: str):
        if kind not in KINDS:
            raise ValueError(kind)
        self.kind = kind
        self.text = text
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []

    def error(self, message: str, path: tuple = ()) -> None:
        self.errors.append(Issue("error", message, path))

    def warn(self, message: str, path: tuple = ()) -> None:
        self.warnings.append(Issue("warning", message, path))

    def locate(self) -> None:
        spans = jsonpos.value_spans(self.text)
        for issue in self.errors + self.warnings:
            if issue.line is not None:
                continue
            path = issue.path
            while path not in spans and path:
                path = path[:-1]
            span = spans.get(path)
            if span is not None:
                issue.line, issue.column = jsonpos.line_col(self.text, span[0])

    # -- document ---------------------------------------------------------------------------

    def build(self, data: Any) -> Policy:
        if not isinstance(data, dict):
            self.error("Syntax errors in policy. The policy document must be a JSON object.")
            return Policy(self.kind, None, None, [], self.text)
        for key in data:
            if key not in TOP_FIELDS:
                self.error(f"Syntax errors in policy. Unknown field {key}.", (key,))
        version = data.get("Version")
        if "Version" in data and (not isinstance(version, str) or version not in VERSIONS):
            self.error("The policy failed legacy parsing", ("Version",))
            version = None
        if version is None and "Version" not in data:
            self.warn("Missing Version: without \"Version\": \"2012-10-17\" policy variables such as "
                      "${aws:username} are literal text. AWS recommends always setting it.")
        policy_id = data.get("Id")
        if policy_id is not None and not isinstance(policy_id, str):
            self.error("Syntax errors in policy. Id must be a string.", ("Id",))
        if "Statement" not in data:
            self.error("Syntax errors in policy. Missing required field Statement.")
            return Policy(self.kind, version, policy_id, [], self.text)
        raw = data["Statement"]
        single = isinstance(raw, dict)
        if single:
            items = [(raw, ("Statement",))]
        elif isinstance(raw, list):
            items = [(st, ("Statement", i)) for i, st in enumerate(raw)]
            if not raw:
                self.error("Syntax errors in policy. Statement must not be empty.", ("Statement",))
        else:
            self.error("Syntax errors in policy. Statement must be an object or a list of objects.", ("Statement",))
            items = []
        use_vars = version == "2012-10-17"
        statements = []
        sids: set[str] = set()
        for index, (item, path) in enumerate(items):
            st = self.statement(item, index, path, use_vars, sids)
            if st is not None:
                statements.append(st)
        return Policy(self.kind, version, policy_id, statements, self.text, single)

    # -- statement ------------------------------------------------------------------------

    def statement(self, item: Any, index: int, path: tuple, use_vars: bool, sids: set[str]) -> Statement | None:
        if not isinstance(item, dict):
            self.error("Syntax errors in policy. Each statement must be a JSON object.", path)
            return None
        start = len(self.errors)
        for key in item:
            if key not in STATEMENT_FIELDS:
                self.error(f"Syntax errors in policy. Unknown field {key}.", path + (key,))
        sid = item.get("Sid")
        if "Sid" in item:
            if not isinstance(sid, str):
                self.error("Syntax errors in policy. Sid must be a string.", path + ("Sid",))
                sid = None
            else:
                if self.kind != RESOURCE and not _SID_IAM.match(sid):
                    self.error("Statement IDs (SID) must be alpha-numeric. Check that your input satisfies "
                               "the regular expression [0-9A-Za-z]*", path + ("Sid",))
                if sid and sid in sids:
                    self.error("Statement IDs (SID) in a single policy must be unique.", path + ("Sid",))
                sids.add(sid)
        effect = item.get("Effect")
        if "Effect" not in item:
            self.error("Syntax errors in policy. Missing required field Effect.", path)
        elif effect not in ("Allow", "Deny"):
            if isinstance(effect, str) and effect.capitalize() in ("Allow", "Deny"):
                # IAM accepts the syntax but its legacy parser refuses the spelling
                self.error(f"The policy failed legacy parsing. Effect must be \"Allow\" or \"Deny\", not "
                           f"{_shown(effect)}.", path + ("Effect",))
            else:
                self.error(f"Syntax errors in policy. Effect must be \"Allow\" or \"Deny\", not "
                           f"{_shown(effect)}.", path + ("Effect",))
        actions, not_action = self.actions(item, path)
        resources, not_resource = self.resources(item, path)
        principal, not_principal = self.principal(item, path)
        conditions = (self.conditions(item.get("Condition"), path + ("Condition",), use_vars)
                      if "Condition" in item else [])
        if len(self.errors) > start:
            return None
        return Statement(index, path, sid, effect, actions, not_action, resources, not_resource,
                         principal, not_principal, conditions, use_vars)

    def _strings(self, value: Any, path: tuple, name: str) -> list[str] | None:
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.error(f"Syntax errors in policy. {name} must be a string or a list of strings.", path)
        return None

    def actions(self, item: dict, path: tuple) -> tuple[list[str], bool]:
        has_a, has_na = "Action" in item, "NotAction" in item
        if has_a and has_na:
            self.error("Syntax errors in policy. A statement cannot have both Action and NotAction.", path)
            return [], False
        if not (has_a or has_na):
            self.error("Policy statement must contain actions.", path)
            return [], False
        key = "Action" if has_a else "NotAction"
        values = self._strings(item[key], path + (key,), key)
        if values is None:
            return [], has_na
        if not values:
            self.error("Policy statement must contain actions.", path + (key,))
        for i, action in enumerate(values):
            vpath = path + (key, i) if isinstance(item[key], list) else path + (key,)
            if self.kind == TRUST and not action.lower().startswith("sts:") and action != "*":
                self.error("Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  "
                           "and sts:AssumeRoleWithWebIdentity", vpath)
                continue
            if action == "*":
                continue
            if action.count(":") > 1:
                self.error("Actions/Condition can contain only one colon.", vpath)
                continue
            if ":" not in action:
                self.error("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", vpath)
                continue
            vendor, name = action.split(":", 1)
            if not _VENDOR.match(vendor):
                self.error(f"Vendor {vendor} is not valid", vpath)
            elif not name or not _ACTION_NAME.match(name):
                self.error(f"Action {action} is not valid", vpath)
        return values, has_na

    def resources(self, item: dict, path: tuple) -> tuple[list[str] | None, bool]:
        has_r, has_nr = "Resource" in item, "NotResource" in item
        if self.kind == TRUST:
            if has_r or has_nr:
                self.error(f"Has prohibited field {'Resource' if has_r else 'NotResource'}", path)
            return None, False
        if has_r and has_nr:
            self.error("Syntax errors in policy. A statement cannot have both Resource and NotResource.", path)
            return None, False
        if not (has_r or has_nr):
            self.error("Policy statement must contain resources.", path)
            return None, False
        key = "Resource" if has_r else "NotResource"
        values = self._strings(item[key], path + (key,), key)
        if values is None:
            return None, has_nr
        if not values:
            self.error("Policy statement must contain resources.", path + (key,))
        for i, res in enumerate(values):
            vpath = path + (key, i) if isinstance(item[key], list) else path + (key,)
            if res == "*":
                continue
            if not res.startswith("arn:") or (res.count(":") < 5 and not res.endswith("*")):
                self.error(f'Resource {res} must be in ARN format or "*".', vpath)
        return values, has_nr

    def principal(self, item: dict, path: tuple) -> tuple[PrincipalBlock | None, bool]:
        has_p, has_np = "Principal" in item, "NotPrincipal" in item
        if self.kind == IDENTITY:
            if has_p or has_np:
                self.error("Policy document should not specify a principal.",
                           path + ("Principal" if has_p else "NotPrincipal",))
            return None, False
        if has_p and has_np:
            self.error("Syntax errors in policy. A statement cannot have both Principal and NotPrincipal.", path)
            return None, False
        if not (has_p or has_np):
            self.error("Missing required field Principal", path)
            return None, False
        key = "Principal" if has_p else "NotPrincipal"
        raw = item[key]
        ppath = path + (key,)
        entries: list[tuple[str, str]] = []
        if isinstance(raw, dict) and raw:
            for ptype, value in raw.items():
                if ptype not in PRINCIPAL_TYPES:
                    self.error(f'Invalid principal in policy: "{ptype}":{_shown(value)}', ppath + (ptype,))
                    continue
                for v in self._strings(value, ppath + (ptype,), f"Principal {ptype}") or ():
                    if classify(ptype, v) is None:
                        self.error(f'Invalid principal in policy: "{ptype}":"{v}"', ppath + (ptype,))
                    else:
                        entries.append((ptype, v))
        elif raw != "*":
            self.error(f"Invalid principal in policy: {_shown(raw)}", ppath)
        block = PrincipalBlock.build(raw, entries)
        if has_np:
            self.warn("NotPrincipal is hard to get right: AWS recommends a Principal with conditions "
                      "such as aws:PrincipalArn instead.", ppath)
        return block, has_np

    def conditions(self, raw: Any, path: tuple, use_vars: bool) -> list[Condition]:
        if not isinstance(raw, dict):
            self.error("Syntax errors in policy. Condition must be an object of operators.", path)
            return []
        out: list[Condition] = []
        for op_text, block in raw.items():
            op = parse_operator(op_text)
            if op is None:
                self.error(f"Invalid Condition type : {op_text}", path + (op_text,))
                continue
            if not isinstance(block, dict):
                self.error(f"Syntax errors in policy. The condition operator {op_text} must map keys to values.",
                           path + (op_text,))
                continue
            for key, value in block.items():
                kpath = path + (op_text, key)
                if ":" not in key:
                    self.error("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.", kpath)
                    continue
                values = _condition_values(value)
                if values is None:
                    self.error(f"Syntax errors in policy. Values for {key} must be strings, numbers, "
                               "booleans or a list of them.", kpath)
                    continue
                if op.info.kind == "null" and any(v.lower() not in ("true", "false") for v in values):
                    self.warn(f"Null takes true or false; {values} never matches.", kpath)
                out.append(Condition(op, key, values, use_vars))
        return out


def _condition_values(value: Any) -> list[str] | None:
    def one(v: Any) -> str | None:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (str, int, float)):
            return str(v)
        return None

    if isinstance(value, list):
        out = [one(v) for v in value]
        return None if any(v is None for v in out) else out
    single = one(value)
    return None if single is None else [single]


def _shown(value: Any, limit: int = 200) -> str:
    """A value as JSON for an error message, cut short when long."""
    text = json.dumps(value)
    return text if len(text) <= limit else text[:limit] + "…"
