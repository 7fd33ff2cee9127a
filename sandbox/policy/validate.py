"""Full validation for editors and ``validate`` commands: IAM's errors plus the warnings
IAM Access Analyzer would give (unknown services, actions and condition keys), the size
IAM counts, and a preview of what the policy grants."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.policy import catalog, jsonpos, variables
from sandbox.policy.document import IDENTITY, Issue, Policy, check_policy, nonwhitespace_size
from sandbox.policy.wildcard import has_wildcard


@dataclass
class ValidationReport:
    policy: Policy | None
    errors: list[Issue]
    warnings: list[Issue]
    size: int

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_policy(document: str | dict, kind: str = IDENTITY) -> ValidationReport:
    text = document if isinstance(document, str) else None
    policy, issues = check_policy(document, kind)
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if policy is not None:
        warnings.extend(_catalog_warnings(policy))
        _locate(policy, warnings)
    size = nonwhitespace_size(text if text is not None else (policy.text if policy else ""))
    return ValidationReport(policy, errors, warnings, size)


def _locate(policy: Policy, issues: list[Issue]) -> None:
    spans = policy.spans()
    for issue in issues:
        if issue.line is not None:
            continue
        path = issue.path
        while path and path not in spans:
            path = path[:-1]
        if path in spans:
            issue.line, issue.column = jsonpos.line_col(policy.text, spans[path][0])


def _catalog_warnings(policy: Policy) -> list[Issue]:
    out: list[Issue] = []
    for st in policy.statements:
        key = "NotAction" if st.not_action else "Action"
        for i, action in enumerate(st.actions):
            path = st.path + (key, i) if len(st.actions) > 1 else st.path + (key,)
            if action == "*":
                continue
            prefix = action.split(":", 1)[0]
            if not has_wildcard(prefix) and not catalog.service_exists(prefix):
                hint = catalog.suggest_service(prefix)
                more = f" Did you mean {hint}?" if hint else ""
                out.append(Issue("warning", f"Invalid service: The service {prefix} does not exist.{more}", path))
                continue
            if has_wildcard(action):
                if not catalog.expand(action):
                    out.append(Issue("warning", f"Invalid action: The action {action} does not match any action.",
                                     path))
            elif not catalog.action_exists(action):
                hint = catalog.suggest_action(action)
                more = f" Did you mean {hint}?" if hint else ""
                out.append(Issue("warning", f"Invalid action: The action {action} does not exist.{more}", path))
        for cond in st.conditions:
            if not catalog.condition_key_known(cond.key):
                hint = catalog.suggest_condition_key(cond.key)
                more = f" Did you mean {hint}?" if hint else ""
                out.append(Issue("warning", f"Unknown condition key: The condition key {cond.key} is not a global "
                                            f"key or a key of the service.{more}",
                                 st.path + ("Condition", cond.op.text, cond.key)))
        if not policy.uses_variables:
            texts = list(st.resource_texts or []) + [v for c in st.conditions for v in c.values]
            if any(variables.has_variable(t) for t in texts):
                out.append(Issue("warning", "Policy variables such as ${aws:username} need \"Version\": "
                                            "\"2012-10-17\"; with this Version they are literal text.", st.path))
    return out


@dataclass
class GrantPreview:
    """What a policy's Allow statements grant, expanded with the action catalogue."""

    actions: list[str] = field(default_factory=list)
    all_except: list[str] = field(default_factory=list)  # from Allow + NotAction
    everything: bool = False


def preview_grants(policy: Policy, limit: int = 500) -> GrantPreview:
    out = GrantPreview()
    seen: set[str] = set()
    for st in policy.statements:
        if not st.allow:
            continue
        if st.not_action:
            out.all_except.extend(st.actions)
            continue
        for action in st.actions:
            if action == "*":
                out.everything = True
                continue
            names = catalog.expand(action) if has_wildcard(action) else (catalog.canonical_action(action),)
            for name in names:
                if name not in seen and len(out.actions) < limit:
                    seen.add(name)
                    out.actions.append(name)
    return out
