"""Tab completion of an ``aws`` command line, as ``aws_completer`` offers it: services,
operations and options from the specs, the high-level commands' subcommands, names from
the account (users, groups, roles, policies, buckets, instances) and the machine's paths."""

from __future__ import annotations

import posixpath

from sandbox.awscli import catalog
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.port import Machine, MachineFiles, machine_path
from sandbox.services import managed_catalog

GLOBAL_FLAGS = ("--output", "--query", "--profile", "--region", "--cli-input-json")
PATH_STARTS = ("file://", "./", "/", "~")


def names_of(world, kind: str) -> list[str]:
    """The names in the account that complete a parameter (``Param.completes``)."""
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
    if kind == "oidc-provider":
        return [p["Arn"] for p in world["oidc_providers"].all()]
    if kind == "policy-arn":
        return [p["Arn"] for p in world["policies"].all()] + sorted(managed_catalog.catalogue())
    return []


def paths(files: MachineFiles, home: str, cwd: str, partial: str) -> list[str]:
    """Paths of a machine that start with ``partial`` (``file://`` kept); folders end in ``/``."""
    prefix = ""
    text = partial
    if text.startswith("file://"):
        prefix, text = "file://", text[len("file://"):]
    directory, base = posixpath.split(text)
    try:
        entries = files.listdir(machine_path(directory or ".", home, cwd))
    except OSError:
        return []
    out = []
    for name, is_dir in entries:
        if not name.startswith(base) or (name.startswith(".") and not base.startswith(".")):
            continue
        candidate = posixpath.join(directory, name) if directory else name
        out.append(prefix + candidate + ("/" if is_dir else ""))
    return sorted(out)


def complete(machine: Machine, words: list[str], partial: str) -> list[str]:
    """Completions of ``partial`` after ``aws WORDS...``."""
    if partial.startswith(PATH_STARTS):
        return paths(machine, machine.home, machine.cwd, partial)
    world = machine.gateway.world
    if not words:
        choices = catalog.service_names() + list(COMMANDS) + ["help"]
        return sorted(c for c in choices if c.startswith(partial))
    name = words[0]
    if name in COMMANDS:
        subcommands = COMMANDS[name].load().SUBCOMMANDS
        if not any(w in subcommands for w in words[1:]):
            return sorted(c for c in subcommands if c.startswith(partial))
        if name == "s3" and (partial.startswith("s3://") or partial == "s"):
            return [f"s3://{b}/" for b in names_of(world, "bucket") if f"s3://{b}/".startswith(partial)]
        return paths(machine, machine.home, machine.cwd, partial) if name == "s3" else []
    service = catalog.get_service(name)
    if service is None:
        return []
    if len(words) == 1:
        return sorted(c for c in service.operation_names() + ["help"] if c.startswith(partial))
    operation = service.operation(words[1])
    if operation is None:
        return []
    previous = words[-1] if len(words) > 2 else ""
    if previous.startswith("--") and not partial.startswith("--"):
        param = operation.param(previous[2:])
        if param is not None and param.completes:
            return sorted(n for n in names_of(world, param.completes) if n.startswith(partial))
        if param is not None and (param.enum or param.choices):
            return [c for c in (param.enum or param.choices) if c.startswith(partial)]
        return []
    used = {w for w in words if w.startswith("--")}
    flags = [p.flag for p in operation.params if p.flag not in used and not p.hidden and not p.positional]
    flags += [f for f in GLOBAL_FLAGS if f not in used]
    return [f for f in flags if f.startswith(partial or "--")]
