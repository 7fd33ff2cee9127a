"""``aws configure`` on a sandbox machine: the interactive prompts, ``set``, ``get``,
``list`` and ``list-profiles``, writing the machine's ``~/.aws`` files."""

from __future__ import annotations

from typing import TextIO

from sandbox.awscli.config_files import mask
from sandbox.awscli.parse import columns
from sandbox.awscli.session import Session

PROMPTS = (
    ("aws_access_key_id", "AWS Access Key ID", True),
    ("aws_secret_access_key", "AWS Secret Access Key", True),
    ("region", "Default region name", False),
    ("output", "Default output format", False),
)
SUBCOMMANDS = {
    "set": "Set a setting in the config file (keys in the credentials file).",
    "get": "Print a setting of the profile.",
    "list": "List the settings in effect, and where each comes from.",
    "list-profiles": "List the profiles of the config and credentials files.",
}
USAGE = ("usage: aws configure [--profile profile-name] [set | get | list | list-profiles]\n")


def run(session: Session, options: dict, argv: list[str], out: TextIO, err: TextIO) -> int:
    """``aws configure ...``: the global options (``--profile``), and the arguments after
    ``configure`` (without them)."""
    args = list(argv)
    profile = options.get("profile") or session.env.get("AWS_PROFILE") or "default"
    if not args:
        return _interactive(session, profile, out, err)
    sub, rest = args[0], args[1:]
    if sub == "set" and len(rest) == 2:
        key, value = rest
        if "." in key:
            prefix, key = key.split(".", 1)
            profile = "default" if prefix == "default" else prefix.removeprefix("profile.")
        session.files.set_value(profile, key, value)
        return 0
    if sub == "get" and len(rest) == 1:
        key = rest[0]
        if "." in key:
            prefix, key = key.split(".", 1)
            profile = prefix
        found = session.files.profile(profile)
        value = (found.values if found else {}).get(key)
        if value is None:
            return 1
        out.write(f"{value}\n")
        return 0
    if sub == "list" and not rest:
        _list(session, options.get("profile"), out)
        return 0
    if sub == "list-profiles" and not rest:
        for name in session.files.profile_names():
            out.write(f"{name}\n")
        return 0
    err.write(f"\n{USAGE}aws: error: argument operation: Invalid choice, valid choices are:\n\n"
              f"{columns(sorted(SUBCOMMANDS))}\n\n")
    return 252


def _interactive(session: Session, profile: str, out: TextIO, err: TextIO) -> int:
    ask = session.machine.ask
    if ask is None:
        err.write("aws configure needs answers typed at its prompts; use `aws configure set KEY VALUE` here.\n")
        return 252
    current = session.files.profile(profile)
    values = current.values if current else {}
    answers = {}
    for key, label, secret in PROMPTS:
        shown = values.get(key)
        hint = (mask(shown) if secret else shown) if shown else "None"
        try:
            answer = ask(f"{label} [{hint}]: ")
        except EOFError:
            out.write("\n")
            return 130
        if answer is None:
            return 130
        answer = answer.strip()
        if answer:
            answers[key] = answer
    if answers:
        session.files.set_values(profile, answers)
    return 0


def _list(session: Session, profile: str | None, out: TextIO) -> None:
    row = "%10s %24s %16s    %s\n"
    out.write(row % ("Name", "Value", "Type", "Location"))
    out.write(row % ("----", "-----", "----", "--------"))
    env = session.env
    options = {"profile": profile} if profile else {}
    name = session.profile_name(options)
    if profile:
        out.write(row % ("profile", profile, "manual", "--profile"))
    elif env.get("AWS_PROFILE"):
        out.write(row % ("profile", env["AWS_PROFILE"], "env", "AWS_PROFILE"))
    else:
        out.write(row % ("profile", "<not set>", "None", "None"))
    found = session.files.profile(name)
    values = found.values if found else {}
    if not profile and env.get("AWS_ACCESS_KEY_ID"):
        out.write(row % ("access_key", mask(env["AWS_ACCESS_KEY_ID"]), "env", "AWS_ACCESS_KEY_ID"))
        out.write(row % ("secret_key", mask(env.get("AWS_SECRET_ACCESS_KEY")), "env", "AWS_SECRET_ACCESS_KEY"))
    elif values.get("role_arn") or (not profile and env.get("AWS_WEB_IDENTITY_TOKEN_FILE")):
        # a role: the chain assumes it (AssumeRole or AssumeRoleWithWebIdentity) to show its key
        creds = session.credentials(options)
        out.write(row % ("access_key", mask(creds.access_key_id), creds.source, ""))
        out.write(row % ("secret_key", mask(creds.secret_access_key), creds.source, ""))
    elif values.get("aws_access_key_id"):
        kind = "shared-credentials-file" if found and found.in_credentials else "config-file"
        where = "" if kind == "shared-credentials-file" else _tilde(session, session.files.config_path)
        out.write(row % ("access_key", mask(values["aws_access_key_id"]), kind, where))
        out.write(row % ("secret_key", mask(values.get("aws_secret_access_key")), kind, where))
    elif (creds := session.machine.instance_credentials()) is not None:
        out.write(row % ("access_key", mask(creds.access_key_id), "iam-role", ""))
        out.write(row % ("secret_key", mask(creds.secret_access_key), "iam-role", ""))
    else:
        out.write(row % ("access_key", "<not set>", "None", "None"))
        out.write(row % ("secret_key", "<not set>", "None", "None"))
    if env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION"):
        var = "AWS_REGION" if env.get("AWS_REGION") else "AWS_DEFAULT_REGION"
        out.write(row % ("region", env[var], "env", var))
    elif values.get("region"):
        out.write(row % ("region", values["region"], "config-file", _tilde(session, session.files.config_path)))
    else:
        out.write(row % ("region", "<not set>", "None", "None"))


def _tilde(session: Session, path: str) -> str:
    """Paths as the CLI prints them: ``~/.aws/config``."""
    home = session.machine.home
    return "~" + path[len(home):] if path.startswith(home + "/") else path
