"""A compiled policy statement and how it is matched against a request.

``applies`` is the fast path used for every decision; ``trace`` does the same work but
looks at every part (action, resource, principal, each condition) even after one fails,
and records why, for the explanation. A test checks that the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.policy import variables
from sandbox.policy.conditions import Condition, ConditionTrace
from sandbox.policy.principal import DIRECT, Principal, PrincipalBlock
from sandbox.policy.readonly import ReadOnly
from sandbox.policy.wildcard import ARN, GLOB, Matcher, compile_pieces, has_wildcard


class Request:
    """What is asked: who, which action, on which resource, with which context."""

    __slots__ = ("principal", "action", "action_l", "resource", "context")

    def __init__(self, principal: Principal, action: str, resource: str, context):
        self.principal = principal
        self.action = action
        self.action_l = action.lower()
        self.resource = resource
        self.context = context


@dataclass(frozen=True, slots=True)
class ResourcePattern:
    text: str
    template: tuple | None  # policy-variable pieces, when the pattern has variables
    matcher: Matcher | None  # compiled, when it has none
    any: bool


@dataclass(slots=True)
class Part:
    """One element's verdict in a statement trace."""

    matched: bool
    detail: str


@dataclass(slots=True)
class StatementTrace:
    index: int
    sid: str | None
    effect: str
    applies: bool
    grant: str | None
    action: Part
    resource: Part | None
    principal: Part | None
    conditions: list[ConditionTrace] = field(default_factory=list)
    variables: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"Sid {self.sid!r}" if self.sid else f"statement {self.index + 1}"


class Statement(ReadOnly):
    """One compiled statement; read-only, as parsed policies are shared (see ``readonly``)."""

    __slots__ = (
        "index", "sid", "effect", "allow", "actions", "not_action", "action_any", "action_exact",
        "action_prefixes", "action_globs", "resources", "resource_texts", "not_resource", "principal", "not_principal",
        "conditions", "path", "keys",
    )

    def __init__(self, index: int, path: tuple, sid: str | None, effect: str, actions: list[str],
                 not_action: bool, resources: list[str] | None, not_resource: bool,
                 principal: PrincipalBlock | None, not_principal: bool, conditions: list[Condition],
                 use_variables: bool):
        # actions are compared lower-cased: the request's action arrives as ``action_l``
        lowered = [a.lower() for a in actions]
        prefix = [a.endswith("*") and not has_wildcard(a[:-1]) for a in lowered]
        self._fill(
            index=index, path=path, sid=sid, effect=effect, allow=effect == "Allow", actions=tuple(actions),
            not_action=not_action, action_any="*" in actions,
            action_exact=frozenset(a for a in lowered if not has_wildcard(a)),
            # the common ``s3:Get*``: all such prefixes in one startswith call
            action_prefixes=tuple(a[:-1] for a, p in zip(lowered, prefix, strict=True) if p),
            action_globs=tuple(compile_pieces(((a, True),), GLOB).match for a, p in zip(lowered, prefix, strict=True)
                               if has_wildcard(a) and not p),
            resource_texts=None if resources is None else tuple(resources), not_resource=not_resource,
            resources=None if resources is None else tuple(_resource(r, use_variables) for r in resources),
            principal=principal, not_principal=not_principal, conditions=tuple(conditions),
        )
        self._fill(keys=tuple(self._context_keys()))

    # -- parts -------------------------------------------------------------------------

    def action_matches(self, action_l: str) -> bool:
        if self.action_any or action_l in self.action_exact or action_l.startswith(self.action_prefixes):
            return True
        for match in self.action_globs:
            if match(action_l):
                return True
        return False

    def resource_matches(self, resource: str, ctx, resolved: dict | None = None) -> bool:
        """Whether any listed pattern matches the resource.

        An entry whose policy variable has no value in the request matches no resource; the
        other entries still count (IAM User Guide, "Policy variables with no value"), so under
        NotResource such an entry excludes nothing. ``resolved`` (explained path) collects
        variable values and makes every entry be resolved, so the explanation can show them.
        """
        hit = False
        for rp in self.resources:
            if rp.template is None:
                if rp.any or rp.matcher.match(resource):
                    hit = True
            else:
                parts = variables.resolve(rp.template, ctx, resolved)
                if parts is not None and compile_pieces(tuple(parts), ARN).match(resource):
                    hit = True
            if hit and resolved is None:
                return True
        return hit

    # -- fast path -----------------------------------------------------------------------

    def applies(self, req: Request) -> str | None:
        """None if the statement does not apply; else how directly it names the principal."""
        if self.action_matches(req.action_l) == self.not_action:
            return None
        return self.applies_to_action(req)

    def applies_to_action(self, req: Request) -> str | None:
        """``applies`` for a statement already known to cover the request's action."""
        if self.resources is not None:
            if self.resource_matches(req.resource, req.context) == self.not_resource:
                return None
        grant = DIRECT
        if self.principal is not None:
            if self.not_principal:
                if self.principal.lists_every_identity(req.principal):
                    return None
            else:
                grant = self.principal.grant(req.principal)
                if grant is None:
                    return None
        ctx = req.context
        for cond in self.conditions:
            if not cond.holds(ctx):
                return None
        return grant

    # -- explained path --------------------------------------------------------------------

    def trace(self, req: Request) -> StatementTrace:
        resolved: dict = {}
        amatch = self.action_matches(req.action_l)
        listed = ", ".join(self.actions)
        if self.not_action:
            action = Part(not amatch, f"{req.action} {'is' if amatch else 'is not'} listed in NotAction [{listed}]")
        else:
            action = Part(amatch, f"{req.action} {'matches' if amatch else 'does not match'} Action [{listed}]")
        resource = None
        ok = bool(action.matched)
        if self.resources is not None:
            hit = self.resource_matches(req.resource, req.context, resolved)
            shown = ", ".join(self.resource_texts)
            kw = "NotResource" if self.not_resource else "Resource"
            matched = hit != self.not_resource
            verb = "matches" if hit else "does not match"
            note = ""
            missing = [k for k, v in resolved.items() if v is None]
            if missing:
                note = (f" (policy variable {', '.join(missing)} has no value in the request, so an entry "
                        "that uses it matches no resource)")
            resource = Part(matched, f"{req.resource} {verb} {kw} [{shown}]{note}")
            ok = ok and matched
        principal = None
        grant: str | None = DIRECT
        if self.principal is not None:
            who = req.principal.arn
            if self.not_principal:
                excluded = self.principal.lists_every_identity(req.principal)
                principal = Part(not excluded, f"{who} {'is' if excluded else 'is not fully'} listed in NotPrincipal")
                grant = None if excluded else DIRECT
            else:
                grant = self.principal.grant(req.principal)
                if grant is None:
                    if req.principal.kind == "web-identity":  # a trust policy names the provider
                        who = f"Federated {req.principal.provider}"
                    principal = Part(False, f"Principal names {self.principal.named()}, not {who}")
                else:
                    how = {"direct": "names it directly", "role": "names its role",
                           "account": "names its account"}[grant]
                    principal = Part(True, f"Principal {how} ({who})")
            ok = ok and grant is not None
        conditions: list[ConditionTrace] = []
        for cond in self.conditions:
            result = cond.evaluate(req.context, conditions)
            ok = ok and bool(result)
        for c in conditions:
            resolved.update(c.variables)
        return StatementTrace(self.index, self.sid, self.effect, ok, grant if ok else None,
                              action, resource, principal, conditions, resolved)

    # -- introspection ---------------------------------------------------------------------

    def context_keys(self) -> list[str]:
        """Condition keys and variable keys this statement reads."""
        return list(self.keys)

    def _context_keys(self) -> list[str]:
        keys = [c.key for c in self.conditions]
        for c in self.conditions:
            keys.extend(c.variable_keys())
        for rp in self.resources or ():
            if rp.template is not None:
                keys.extend(variables.variable_keys(rp.template))
        return keys


def _resource(text: str, use_variables: bool) -> ResourcePattern:
    if text == "*":
        return ResourcePattern(text, None, None, True)
    template = variables.parse_template(text) if use_variables else None
    if template is not None:
        return ResourcePattern(text, template, None, False)
    return ResourcePattern(text, None, compile_pieces(((text, True),), ARN), False)
