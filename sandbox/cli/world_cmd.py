"""``iam-sandbox world ...``: where the world is, what is in it, and keeping copies of it."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sandbox.awscli.config_files import AwsFiles
from sandbox.awscli.machine_files import WorldFiles
from sandbox.cli.host_files import read_host, write_secret_file
from sandbox.cli.prompts import confirm_replace
from sandbox.cli.worldopen import open_for_cli, world_path
from sandbox.services.seed import build_default_world
from sandbox.world import World, WorldError
from sandbox.world.worldfile import snapshot_names

_DURATION = re.compile(r"^(\d+)([smhd]?)$")
BEFORE_RESET = "before-reset"
BEFORE_IMPORT = "before-import"
BEFORE_RESTORE = "before-restore"


def _info(world) -> None:
    meta = world.meta
    root = meta.get("root") or {}
    laptop_key = ""
    laptop = world["machines"].get("laptop")
    if laptop:
        profile = AwsFiles(WorldFiles(world, "laptop"), laptop["Home"]).profile("default")
        laptop_key = (profile.values.get("aws_access_key_id") if profile else "") or "(none)"
    lines = [
        f"World file:        {world.path}",
        f"Account id:        {world.account_id}",
        f"Account alias:     {meta.get('alias') or '(none)'}",
        f"Root user:         {root.get('Email')}  password: {root.get('Password')}",
        f"Root MFA:          {'enabled (' + root['MFASerial'] + ')' if root.get('MFASerial') else 'not enabled'}",
        f"admin console password (as created): {(meta.get('secrets_note') or {}).get('admin_console_password', '?')}",
        f"Laptop [default] profile access key: {laptop_key}",
        f"IAM:  {len(world['users'])} users, {len(world['groups'])} groups, {len(world['roles'])} roles, "
        f"{len(world['policies'])} customer managed policies",
        f"EC2:  {len(world['instances'])} instances;  S3: {len(world['buckets'])} buckets, "
        f"{len(world['objects'])} objects",
        f"Clock: {world.now().isoformat()}" + (f" (moved {meta.get('clock_offset_seconds')} s ahead)"
                                                if meta.get("clock_offset_seconds") else ""),
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox world", description="Manage the simulated AWS account.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("path", help="print where the world is stored")
    sub.add_parser("info", help="account id, root password, counts")
    r = sub.add_parser("reset", help="replace the world with a fresh default world")
    r.add_argument("--account-id", help="12-digit account id for the new world")
    r.add_argument("--seed", type=int, help="same seed, same world: ids, keys and passwords (for a class)")
    e = sub.add_parser("export", help="write the whole world to a file")
    e.add_argument("file")
    i = sub.add_parser("import", help="replace the world with an exported file")
    i.add_argument("file")
    i.add_argument("--yes", action="store_true", help="replace a world that has changes of yours without asking")
    s = sub.add_parser("snapshot", help="save a named snapshot")
    s.add_argument("name")
    rs = sub.add_parser("restore", help="go back to a named snapshot")
    rs.add_argument("name")
    rs.add_argument("--yes", action="store_true", help="replace a world that has changes of yours without asking")
    sub.add_parser("snapshots", help="list snapshots")
    a = sub.add_parser("advance", help="move the world's clock forward (e.g. 2h, 90d) to see expiry")
    a.add_argument("duration")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.cmd == "path":
        sys.stdout.write(f"{world_path(opts)}\n")
        return 0
    if args.cmd == "reset":
        return _reset(opts, args.account_id, args.seed)
    if args.cmd == "snapshots":  # works on a damaged world too: its message points here
        for name in snapshot_names(world_path(opts)):
            sys.stdout.write(f"{name}\n")
        return 0
    # restore and import replace the whole world, so a damaged one (already backed up) is no obstacle
    world = _open_replacing(opts) if args.cmd in ("restore", "import") else open_for_cli(opts)
    if world is None:
        return 1
    try:
        if args.cmd == "info":
            _info(world)
        elif args.cmd == "export":
            write_secret_file(args.file, world.export_text())  # 0600: it holds the account's secrets
            sys.stdout.write(f"Exported the world to {args.file}\n")
        elif args.cmd == "import":
            raw = read_host(Path(args.file).expanduser())
            if not confirm_replace(world, "Importing", BEFORE_IMPORT, args.yes):
                return 1
            world.import_text(raw, args.file, keep_as=BEFORE_IMPORT)
            _kept(world, BEFORE_IMPORT)
            _said_replaced(world)
            sys.stdout.write(f"Imported {args.file} (account {world.account_id})\n")
        elif args.cmd == "snapshot":
            world.snapshot(args.name)
            sys.stdout.write(f"Saved snapshot {args.name}\n")
        elif args.cmd == "restore":
            if not world.has_snapshot(args.name):
                world.restore(args.name)  # says which snapshots there are
            if not confirm_replace(world, "Restoring the snapshot", BEFORE_RESTORE, args.yes):
                return 1
            world.restore(args.name, keep_as=BEFORE_RESTORE)
            if args.name != BEFORE_RESTORE:
                _kept(world, BEFORE_RESTORE)
            _said_replaced(world)
            sys.stdout.write(f"Restored snapshot {args.name}\n")
        elif args.cmd == "advance":
            m = _DURATION.match(args.duration.strip())
            if not m:
                sys.stderr.write("iam-sandbox: give a duration such as 90s, 15m, 2h or 30d\n")
                return 2
            seconds = int(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
            with world.transaction():
                world.advance_clock(seconds)
            sys.stdout.write(f"The world's clock is now {world.now().isoformat()}\n")
    except WorldError as exc:
        sys.stderr.write(f"iam-sandbox: {exc.message}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: {exc.strerror or exc}: {getattr(exc, 'filename', '') or ''}\n")
        return 1
    return 0


def _open_replacing(opts: dict):
    """The world, or an empty one standing in for a damaged file (whose copy was kept)."""
    path = world_path(opts)
    try:
        return World(path, replace_unreadable=True)
    except WorldError as exc:
        sys.stderr.write(f"iam-sandbox: {exc.message}\n")
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: cannot open the world at {path}: {exc.strerror or exc}\n")
    return None


def _kept(world, name: str) -> None:
    if world.unreadable is None and world.has_snapshot(name):
        sys.stderr.write(f"iam-sandbox: the world as it was is kept as the snapshot {name} "
                         f"(iam-sandbox world restore {name} brings it back).\n")


def _said_replaced(world) -> None:
    if world.unreadable is not None:
        sys.stderr.write(f"iam-sandbox: replaced the world that could not be read; its copy is at "
                         f"{world.unreadable.backup}.\n")


def _reset(opts: dict, account_id: str | None, seed: int | None = None) -> int:
    if account_id and not re.match(r"^\d{12}$", account_id):
        sys.stderr.write("iam-sandbox: --account-id takes 12 digits\n")
        return 2
    path = world_path(opts)
    world = _open_replacing(opts)
    if world is None:
        return 1
    if world.unreadable is not None:
        # a damaged world can always be reset: its copy was kept when it was found damaged
        sys.stderr.write(f"iam-sandbox: the old world could not be read; its copy is at {world.unreadable.backup}. "
                         "Starting a new one.\n")
    elif world.initialized:
        world.snapshot(BEFORE_RESET)
        sys.stderr.write(f"iam-sandbox: the old world is kept as the snapshot {BEFORE_RESET} "
                         f"(iam-sandbox world restore {BEFORE_RESET} brings it back).\n")
    secrets = build_default_world(world, account_id, seed=seed)
    sys.stdout.write(f"A fresh default world is at {path} (account {world.account_id}).\n"
                     f"Root password: {secrets['root_password']}   admin console password: "
                     f"{secrets['admin_password']}\n")
    return 0
