"""``iam-sandbox class ...``: an instructor's class folder: write one, check it, hand it to
another instructor as a pack, report every learner's progress, and collect progress files
exported on laptops without a network."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from sandbox.classroom import config, exchange, folder, packing, report
from sandbox.classroom.config import ClassFileError
from sandbox.scenarios.loader import catalogue
from sandbox.text import one_line as visible


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="iam-sandbox class", description="An instructor's class folder.")
    sub = p.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("init", help="write class.toml, scenarios/ and quiz/ in a new folder")
    i.add_argument("dir")
    i.add_argument("--seed", type=int, help="the seed of every learner's world (default: a random one)")
    v = sub.add_parser("validate", help="check class.toml and the class's own scenario and quiz files")
    v.add_argument("dir")
    pk = sub.add_parser("pack", help="the class in one file, for another instructor (no learners' files)")
    pk.add_argument("dir")
    pk.add_argument("-o", "--output", required=True, metavar="FILE")
    up = sub.add_parser("unpack", help="a pack into a new folder (checked before anything is written)")
    up.add_argument("file")
    up.add_argument("dir")
    r = sub.add_parser("report", help="each learner: scenario steps, hints, solutions, time, quiz by topic")
    r.add_argument("dir")
    r.add_argument("--format", choices=report.FORMATS, default="table")
    c = sub.add_parser("collect", help="merge files from `iam-sandbox progress export` into the class")
    c.add_argument("dir")
    c.add_argument("files", nargs="+", metavar="FILE")
    return p


def _err(text: str) -> None:
    sys.stderr.write(f"iam-sandbox: {text}\n")


def main(argv: list[str], opts: dict) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    handler = {"init": _init, "validate": _validate, "pack": _pack, "unpack": _unpack, "report": _report,
               "collect": _collect}[args.cmd]
    return handler(args)


def _init(args) -> int:
    if args.seed is not None and not 0 <= args.seed < 2**31:
        _err("--seed takes 0 to 2147483647")
        return 2
    try:
        written = folder.init(Path(args.dir).expanduser(), args.seed)
    except (folder.ClassFolderError, OSError) as exc:
        _err(str(exc))
        return 1
    sys.stdout.write(f"Wrote {written}. Edit it, add your own files to scenarios/ and quiz/, then:\n"
                     f"  iam-sandbox class validate {args.dir}\n  iam-sandbox serve --class {args.dir}\n")
    return 0


def _validate(args) -> int:
    result = folder.validate(Path(args.dir).expanduser())
    for line in result.checked:
        sys.stdout.write(f"✓ {visible(line)}\n")
    for line in result.problems:
        sys.stdout.write(f"✗ {visible(line)}\n")
    sys.stdout.write("The class is ready.\n" if result.ok else "Fix the problems above.\n")
    return 0 if result.ok else 1


def _pack(args) -> int:
    class_dir = Path(args.dir).expanduser()
    checked = folder.validate(class_dir, replay_solutions=False)
    if not checked.ok:
        for line in checked.problems:
            sys.stdout.write(f"✗ {visible(line)}\n")
        _err("the class has problems; it was not packed (iam-sandbox class validate shows them)")
        return 1
    try:
        names = packing.pack(class_dir, Path(args.output).expanduser())
    except (packing.PackError, OSError) as exc:
        _err(str(exc))
        return 1
    sys.stdout.write(f"Packed {len(names)} file(s) into {args.output}: {', '.join(names)}\n")
    return 0


def _unpack(args) -> int:
    target = Path(args.dir).expanduser()
    try:
        names = packing.unpack(Path(args.file).expanduser(), target)
    except packing.PackProblems as exc:
        for line in exc.problems:
            sys.stdout.write(f"✗ {visible(line)}\n")
        _err(visible(str(exc)))
        return 1
    except packing.PackError as exc:
        _err(visible(str(exc)))
        return 1
    except OSError as exc:
        _err(f"cannot write {target}: {exc.strerror or exc}")
        return 1
    sys.stdout.write(f"Unpacked {len(names)} file(s) into {target}.\n"
                     f"The class is ready: iam-sandbox serve --class {args.dir}\n")
    return 0


def _report(args) -> int:
    class_dir = Path(args.dir).expanduser()
    try:
        cfg = config.load(class_dir)
    except ClassFileError as exc:
        _err(visible(str(exc)))
        return 1
    scenarios, _errors = catalogue(folder.scenario_dirs(class_dir))
    reports = report.class_report(class_dir, cfg, scenarios)
    sys.stdout.write(report.render(args.format, cfg.title, reports))
    return 0


def _collect(args) -> int:
    class_dir = Path(args.dir).expanduser()
    try:
        config.load(class_dir)
    except ClassFileError as exc:
        _err(visible(str(exc)))
        return 1
    failed = 0
    when = datetime.now(UTC).isoformat(timespec="seconds")
    for name in args.files:
        try:
            export = exchange.read_export(Path(name).expanduser())
            where = exchange.collect(class_dir, export, when)
        except exchange.ExportError as exc:
            _err(visible(str(exc)))
            failed += 1
            continue
        sys.stdout.write(f"{visible(name)}: {visible(export.learner)}, {len(export.scenarios)} scenario(s), "
                         f"{len(export.quiz['answers'])} quiz answer(s) -> {where}\n")
    return 1 if failed else 0
