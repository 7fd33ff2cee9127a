"""``iam-sandbox progress export``: this learner's scenario progress and quiz results in one
file, for an instructor's ``class collect`` (laptops without a network)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sandbox.classroom import exchange
from sandbox.classroom.learners import LearnerNameError, check_name
from sandbox.quiz.results import ResultsDamaged
from sandbox.scenarios.progress import learner_name
from sandbox.world.storage import atomic_write


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="iam-sandbox progress", description="Your progress, for your instructor.")
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="write your progress and quiz results to a file (or standard output)")
    e.add_argument("-o", "--output", metavar="FILE", help="the file to write (default: standard output)")
    e.add_argument("--learner", help="whose progress (default: $IAM_SANDBOX_LEARNER, else your user name)")
    return p


def main(argv: list[str], opts: dict) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        name = check_name(learner_name(args.learner))
    except LearnerNameError as exc:
        sys.stderr.write(f"iam-sandbox: --learner: {exc}\n")
        return 2
    try:
        document = exchange.export_document(name)
    except ResultsDamaged as exc:
        sys.stderr.write(f"iam-sandbox: {exc}\n")
        return 1
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        atomic_write(Path(args.output).expanduser(), text)
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: cannot write {args.output}: {exc.strerror or exc}\n")
        return 1
    sys.stderr.write(f"Wrote the progress of {name} to {args.output}: give this file to your instructor "
                     "(iam-sandbox class collect).\n")
    return 0
