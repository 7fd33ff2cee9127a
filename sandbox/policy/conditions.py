"""Condition operators, with AWS's rules for missing keys and multivalued keys.

Rules (IAM User Guide, "Condition operators" and "Single-valued vs. multivalued context
keys"):

- Several values for one key are ORed; several keys in one operator, and several
  operators in one block, are ANDed (the statement does the AND).
- A key missing from the request makes a condition false, except that the negated
  operators (``StringNotEquals``, ``StringNotEqualsIgnoreCase``, ``StringNotLike``,
  ``NumericNotEquals``, ``DateNotEquals``, ``ArnNotEquals``, ``ArnNotLike``,
  ``NotIpAddress``) are true then; ``...IfExists`` is true when the key is missing.
- A negated operator is the negation of its positive form over all the values: the
  request value must match none of them.
- ``ForAllValues:`` is true when the key is missing or empty, else every request value must
  satisfy the operator; ``ForAnyValue:`` is false when the key is missing or empty, else at
  least one request value must.
- ``Null``: ``true`` matches a missing key, ``false`` a present one.
- Policy variables are resolved in the values of String and Arn operators only. A value
  whose variable has no value in the request matches no request value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sandbox.policy import values as conv
from sandbox.policy import variables
from sandbox.policy.context import RequestContext
from sandbox.policy.readonly import ReadOnly
from sandbox.policy.wildcard import ARN_STRICT, GLOB, compile_pieces

Tester = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    name: str
    kind: str  # string, string_i, like, numeric, date, bool, binary, ip, arn, null
    compare: str  # eq, lt, le, gt, ge (numeric and date); "" otherwise
    negated: bool


def _ops() -> dict[str, OperatorInfo]:
    table = [
        ("StringEquals", "string", "", False),
        ("StringNotEquals", "string", "", True),
        ("StringEqualsIgnoreCase", "string_i", "", False),
        ("StringNotEqualsIgnoreCase", "string_i", "", True),
        ("StringLike", "like", "", False),
        ("StringNotLike", "like", "", True),
        ("Bool", "bool", "", False),
        ("BinaryEquals", "binary", "", False),
        ("IpAddress", "ip", "", False),
        ("NotIpAddress", "ip", "", True),
        ("ArnEquals", "arn", "", False),
        ("ArnLike", "arn", "", False),
        ("ArnNotEquals", "arn", "", True),
        ("ArnNotLike", "arn", "", True),
        ("Null", "null", "", False),
    ]
    for family in ("Numeric", "Date"):
        kind = family.lower()
        table += [
            (f"{family}Equals", kind, "eq", False),
            (f"{family}NotEquals", kind, "eq", True),
            (f"{family}LessThan", kind, "lt", False),
            (f"{family}LessThanEquals", kind, "le", False),
            (f"{family}GreaterThan", kind, "gt", False),
            (f"{family}GreaterThanEquals", kind, "ge", False),
        ]
    return {name: OperatorInfo(name, kind, cmp, neg) for name, kind, cmp, neg in table}


OPERATORS = _ops()
QUALIFIERS = ("ForAnyValue", "ForAllValues")
_VARIABLE_KINDS = {"string", "string_i", "like", "arn"}


@dataclass(frozen=True, slots=True)
class ParsedOperator:
    text: str
    qualifier: str | None
    info: OperatorInfo
    if_exists: bool


def parse_operator(text: str) -> ParsedOperator | None:
    """Split ``ForAnyValue:StringLikeIfExists`` into its parts; ``None`` if invalid."""
    qualifier = None
    rest = text
    if ":" in text:
        qualifier, rest = text.split(":", 1)
        if qualifier not in QUALIFIERS:
            return None
    if_exists = False
    if rest.endswith("IfExists"):
        rest = rest[: -len("IfExists")]
        if_exists = True
    info = OPERATORS.get(rest)
    if info is None or (if_exists and info.kind == "null"):
        return None
    return ParsedOperator(text, qualifier, info, if_exists)


def _cmp(op: str, a: float, b: float) -> bool:
    if op == "eq":
        return a == b
    if op == "lt":
        return a < b
    if op == "le":
        return a <= b
    if op == "gt":
        return a > b
    return a >= b


def make_tester(info: OperatorInfo, pieces: tuple[tuple[str, bool], ...]) -> Tester:
    """A function telling whether one request value matches one policy value (positive form)."""
    text = "".join(t for t, _ in pieces)
    kind = info.kind
    if kind == "string":
        return text.__eq__
    if kind == "string_i":
        folded = text.casefold()
        return lambda r: r.casefold() == folded
    if kind == "like":
        return compile_pieces(pieces, GLOB).match
    if kind == "arn":
        rx = compile_pieces(pieces, ARN_STRICT)
        return lambda r: r.count(":") >= 5 and rx.match(r)
    if kind == "bool":
        want = text.strip().lower()
        return lambda r: r.strip().lower() == want
    if kind == "binary":
        want = conv.to_binary(text)
        return lambda r: want is not None and conv.to_binary(r) == want
    if kind == "ip":
        net = conv.to_network(text)
        if net is None:
            return lambda r: False

        def ip_test(r: str) -> bool:
            addr = conv.to_ip(r)
            return addr is not None and addr.version == net.version and addr in net

        return ip_test
    if kind in ("numeric", "date"):
        convert = conv.to_number if kind == "numeric" else conv.to_epoch
        want = convert(text)
        op = info.compare
        if want is None:
            return lambda r: False

        def num_test(r: str) -> bool:
            got = convert(r)
            return got is not None and _cmp(op, got, want)

        return num_test
    raise ValueError(kind)


@dataclass(slots=True)
class ConditionTrace:
    """What one condition saw and decided, for the explanation."""

    operator: str
    key: str
    policy_values: list[str]
    request_values: list[str] | None  # None: key missing from the request
    result: bool
    reason: str
    variables: dict[str, str | None]


class Condition(ReadOnly):
    """One ``operator: {key: values}`` pair of a statement's Condition block (read-only, as
    parsed policies are shared)."""

    __slots__ = ("op", "key", "key_lower", "values", "templates", "testers")

    def __init__(self, op: ParsedOperator, key: str, values: list[str], use_variables: bool):
        templates = None
        if use_variables and op.info.kind in _VARIABLE_KINDS:
            parsed = [variables.parse_template(v) for v in values]
            if any(p is not None for p in parsed):
                templates = tuple(parsed)
        testers: tuple[Tester, ...] | None = None
        if templates is None and op.info.kind != "null":
            testers = tuple(make_tester(op.info, ((v, True),)) for v in values)
        self._fill(op=op, key=key, key_lower=key.lower(), values=tuple(values), templates=templates, testers=testers)

    def variable_keys(self) -> list[str]:
        keys: list[str] = []
        for template in self.templates or ():
            if template is not None:
                keys.extend(variables.variable_keys(template))
        return keys

    def _resolved_testers(self, ctx: RequestContext, resolved: dict | None):
        """Testers with variables substituted, and the values as resolved (for display).

        A value whose policy variable has no value is effectively null: it equals and is like
        no request value, so it gets no tester (positive operators cannot match it, negated
        ones are true against it; IAM User Guide, "Policy variables with no value").
        """
        if self.templates is None:
            return self.testers, self.values
        testers = []
        shown = []
        for value, template in zip(self.values, self.templates, strict=True):
            if template is None:
                pieces = ((value, True),)
            else:
                parts = variables.resolve(template, ctx, resolved)
                if parts is None:
                    shown.append(value + " (no value)")
                    continue
                pieces = tuple(parts)
            testers.append(make_tester(self.op.info, pieces))
            shown.append("".join(t for t, _ in pieces))
        return tuple(testers), shown

    def holds(self, ctx: RequestContext) -> bool:
        """``evaluate`` without a trace, with the common case (a plain operator, no policy
        variable, the key present) done here and every other case left to ``evaluate``."""
        item = ctx.get(self.key_lower)
        testers = self.testers
        if item is None or testers is None or not item.values or self.op.qualifier is not None:
            return self.evaluate(ctx)
        negated = self.op.info.negated
        for value in item.values:
            for test in testers:
                if test(value):
                    return not negated
        return negated

    def evaluate(self, ctx: RequestContext, trace: list | None = None) -> bool:
        op = self.op
        info = op.info
        item = ctx.get(self.key_lower)
        request_values = None if item is None else list(item.values)
        resolved: dict | None = {} if trace is not None else None
        if info.kind == "null":
            present = bool(request_values)
            result = any((v.strip().lower() == "true") != present for v in self.values)
            if trace is not None:
                state = "present" if present else "missing"
                trace.append(ConditionTrace(op.text, self.key, list(self.values), request_values, result,
                                            f"{self.key} is {state} in the request", {}))
            return result
        testers, shown = self._resolved_testers(ctx, resolved)
        negated = info.negated
        null_dataset = not request_values or all(v == "" for v in request_values)
        if not request_values or (op.qualifier is not None and null_dataset):
            if op.if_exists and item is None:
                result, why = True, f"{self.key} is not in the request; ...IfExists makes the condition true"
            elif op.qualifier == "ForAllValues":
                result, why = True, f"{self.key} is missing or empty; ForAllValues is true then"
            elif op.qualifier == "ForAnyValue":
                result, why = False, f"{self.key} is missing or empty; ForAnyValue is false then"
            elif negated:
                result, why = True, (f"{self.key} is not in the request; a negated operator ({info.name}) is true "
                                     "when the key is missing")
            else:
                result, why = False, f"{self.key} is not in the request, so {info.name} cannot match"
        else:
            if op.qualifier is None:
                hit = any(t(r) for r in request_values for t in testers)
                result = not hit if negated else hit
            else:
                def one(r: str) -> bool:
                    m = any(t(r) for t in testers)
                    return not m if negated else m

                if op.qualifier == "ForAllValues":
                    result = all(one(r) for r in request_values)
                else:
                    result = any(one(r) for r in request_values)
            why = ""
            if trace is not None:
                why = _describe(op, self.key, request_values, shown, result)
        if trace is not None:
            missing = [k for k, v in (resolved or {}).items() if v is None]
            if missing:
                why += (f" (policy variable {', '.join(missing)} has no value in the request: a value using it "
                        "matches nothing, so positive operators fail on it and negated ones hold)")
            trace.append(ConditionTrace(op.text, self.key, list(shown), request_values, result, why, resolved or {}))
        return result


def _describe(op: ParsedOperator, key: str, request_values: list[str], policy_values: list[str], result: bool) -> str:
    got = ", ".join(repr(v) for v in request_values)
    want = ", ".join(repr(v) for v in policy_values)
    if op.qualifier == "ForAllValues":
        scope = "every request value"
    elif op.qualifier == "ForAnyValue":
        scope = "at least one request value"
    else:
        scope = "the request value" if len(request_values) == 1 else "a request value"
    verdict = "matches" if result else "does not match"
    neg = " (negated: true when none of the policy values match)" if op.info.negated else ""
    return f"{key} = {got}; {scope} checked against {want} with {op.info.name}{neg}: condition {verdict}"
