"""Tab completion for the sandbox terminal: commands, ``aws`` services, operations and
options, names from the world (users, groups, roles, policies, buckets, instances) and
paths of the machine. Shared by ``iam-sandbox shell`` and the app's terminal pane."""

from __future__ import annotations

import posixpath
import shlex

from sandbox.awscli import spec
from sandbox.world import fs

FILE_COMMANDS = ("cat", "cd", "ls", "rm", "cp", "mv", "mkdir", "touch", "grep", "cut", "head", "tail", "wc", "sort",
                 "uniq")
S3_COMMANDS = ("cp", "ls", "mb", "mv", "rb", "rm")


def names_of(world, kind: str) -> list[str]:
    if kind == "user":
        return [u["UserName"] for u in world["users"].all()]
    if kind == "group":
        return [g["GroupName"] for g in world["groups"].all()]
    if kind == "role":
        return [r["RoleName"] for r in world["roles"].all()]
    if kind == "role-arn":
        return [r["Arn"] for r in world["roles"].all()]
    if kind == "instance-profile":
        return [p["InstanceProfileName"] for p in world["instance_profiles"].all()]
    if kind == "bucket":
        return [b["Name"] for b in world["buckets"].all() if b["Owner"] == world.account_id]
    if kind == "instance":
        return [i["InstanceId"] for i in world["instances"].all()]
    if kind == "mfa":
        return [d["SerialNumber"] for d in world["mfa_devices"].all()]
    if kind == "policy-arn":
        from sandbox.services import managed_catalog

        return [p["Arn"] for p in world["policies"].all()] + sorted(managed_catalog.catalogue())
    return []


_SEPARATORS = {"|", ";", "&&", "||", "&", "|&"}


def _words(line: str) -> tuple[list[str], str]:
    """Words of the command being typed (after the last ``|``, ``;``, ``&&`` or ``||``)
    before the cursor, and the partial word being typed."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = line.split()
    cut = max((k for k, t in enumerate(tokens) if t in _SEPARATORS), default=-1)
    words = tokens[cut + 1:]
    if line and not line[-1].isspace() and words:
        return words[:-1], words[-1]
    return words, ""


def _command_words(words: list[str]) -> list[str]:
    """The words from the command name on: without ``NAME=VALUE`` prefixes or an ``env``
    (with its options and assignments) in front."""
    from sandbox.shell.lexer import is_assignment

    k = 0
    while k < len(words) and is_assignment(words[k]):
        k += 1
    if k < len(words) and words[k] == "env":
        k += 1
        while k < len(words) and (is_assignment(words[k]) or words[k].startswith("-")):
            k += 2 if words[k] in ("-u", "--unset") else 1
    return words[k:]


def complete(session, line: str) -> list[str]:
    words, partial = _words(line)
    words = _command_words(words)
    world = session.world
    if not words:
        from sandbox.shell.session import COMMANDS

        return [c for c in COMMANDS if c.startswith(partial)]
    head = words[0]
    if head in ("ssh", "connect"):
        if any(not w.startswith("-") for w in words[1:]):
            return []  # the remote command runs on the instance: its files are not these
        names = [i.get("Name") or i["InstanceId"] for i in world["instances"].all() if i["State"] == "running"]
        return sorted(n for n in set(names) if n.startswith(partial))
    if head in FILE_COMMANDS or (head == "aws" and partial.startswith(("file://", "./", "/", "~"))):
        return _paths(session, partial)
    if head != "aws":
        return []
    return _aws(world, words[1:], partial, session)


def _aws(world, words: list[str], partial: str, session) -> list[str]:
    if not words:
        choices = spec.service_names() + ["s3", "configure", "help"]
        return sorted(c for c in choices if c.startswith(partial))
    service_name = words[0]
    if service_name == "s3":
        if len(words) == 1:
            return [c for c in S3_COMMANDS if c.startswith(partial)]
        if partial.startswith("s3://") or partial == "s":
            return [f"s3://{b}/" for b in names_of(world, "bucket") if f"s3://{b}/".startswith(partial)]
        return _paths(session, partial)
    if service_name == "configure":
        return [c for c in ("set", "get", "list", "list-profiles") if c.startswith(partial)]
    service = spec.get_service(service_name)
    if service is None:
        return []
    if len(words) == 1:
        return sorted(c for c in list(service.operations) + ["help"] if c.startswith(partial))
    operation = service.operations.get(words[1])
    if operation is None:
        return []
    previous = words[-1] if len(words) > 2 else ""
    if previous.startswith("--") and not partial.startswith("--"):
        param = operation.param(previous[2:])
        if param is not None and param.completes:
            return sorted(n for n in names_of(world, param.completes) if n.startswith(partial))
        if param is not None and param.choices:
            return [c for c in param.choices if c.startswith(partial)]
        if partial.startswith("file://"):
            return _paths(session, partial)
        return []
    used = {w for w in words if w.startswith("--")}
    flags = [p.flag for p in operation.params if p.flag not in used]
    flags += [f for f in ("--output", "--query", "--profile", "--region", "--cli-input-json") if f not in used]
    return [f for f in flags if f.startswith(partial or "--")]


def _paths(session, partial: str) -> list[str]:
    prefix = ""
    text = partial
    if text.startswith("file://"):
        prefix, text = "file://", text[len("file://"):]
    directory, base = posixpath.split(text)
    full = session.resolve(directory or ".")
    try:
        rows = fs.listdir(session.world, session.machine["Name"], full)
    except fs.FsError:
        return []
    out = []
    for row in rows:
        name = posixpath.basename(row["Path"])
        if not name.startswith(base) or (name.startswith(".") and not base.startswith(".")):
            continue
        candidate = posixpath.join(directory, name) if directory else name
        out.append(prefix + candidate + ("/" if row["Type"] == "dir" else ""))
    return sorted(out)
