"""The account password policy in words, as the IAM console's Account settings page says
it ("Require at least one uppercase letter"), never as raw field names and booleans."""

from __future__ import annotations


def _yes(value) -> str:
    return "yes" if value else "no"


def describe(policy: dict) -> list[tuple[str, str]]:
    """(setting, value) lines for a custom password policy (GetAccountPasswordPolicy's fields)."""
    age = policy.get("MaxPasswordAge")
    reuse = policy.get("PasswordReusePrevention")
    return [
        ("Minimum length", f"{policy.get('MinimumPasswordLength', 8)} characters"),
        ("Uppercase letter (A-Z)", "required" if policy.get("RequireUppercaseCharacters") else "not required"),
        ("Lowercase letter (a-z)", "required" if policy.get("RequireLowercaseCharacters") else "not required"),
        ("Number (0-9)", "required" if policy.get("RequireNumbers") else "not required"),
        ("Non-alphanumeric character", "required (one of ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ')"
         if policy.get("RequireSymbols") else "not required"),
        ("Password expiry", f"after {age} days" if age else "never"),
        ("Expired passwords", "only an administrator can reset them (hard expiry)" if policy.get("HardExpiry")
         else "the user sets a new one at sign-in"),
        ("Password reuse", f"the last {reuse} passwords cannot be used again" if reuse else "allowed"),
        ("Users may change their own password", _yes(policy.get("AllowUsersToChangePassword"))),
    ]
