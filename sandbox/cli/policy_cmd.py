"""``iam-sandbox policy validate|explain``: check and try policies from files."""

from __future__ import annotations

import argparse
import json
import sys

from sandbox.cli.host_files import read_host

from sandbox.errors import AwsError

KINDS = ("identity", "resource", "trust")


class NotText(ValueError):
    """A policy file that is not UTF-8 text (a binary file, or another encoding)."""


def _read(path: str) -> str:
    if path == "-":
        if not hasattr(sys.stdin, "buffer"):
            return sys.stdin.read()
        raw, path = sys.stdin.buffer.read(), "standard input"
    else:
        raw = read_host(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotText(f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at position {exc.start}); "
                      "a policy document is JSON text") from None


def validate(args: argparse.Namespace) -> int:
    from sandbox.policy import validate_policy

    try:
        text = _read(args.file)
    except OSError as exc:
        sys.stderr.write(f"iam-sandbox: cannot read {args.file}: {exc.strerror}\n")
        return 2
    except NotText as exc:
        sys.stderr.write(f"iam-sandbox: {exc}\n")
        return 2
    report = validate_policy(text, args.type)
    if args.json:
        def issue(i):
            return {"severity": i.severity, "message": i.message, "line": i.line, "column": i.column}
        json.dump({"valid": report.ok, "size": report.size, "errors": [issue(i) for i in report.errors],
                   "warnings": [issue(i) for i in report.warnings]}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0 if report.ok else 1
    for i in report.errors + report.warnings:
        where = f"{args.file}:{i.line}:{i.column}: " if i.line else f"{args.file}: "
        sys.stdout.write(f"{where}{i.severity}: {i.message}\n")
    if report.ok:
        sys.stdout.write(f"{args.file}: valid {args.type} policy, {report.size} characters "
                         f"(white space not counted), {len(report.warnings)} warning(s)\n")
        return 0
    sys.stdout.write(f"{args.file}: MalformedPolicyDocument: {report.errors[0].message}\n")
    return 1


def explain(args: argparse.Namespace) -> int:
    from sandbox.policy import IDENTITY, PolicyRef, Principal, RequestContext, evaluate, parse_policy
    from sandbox.policy.evaluate import Authorization

    try:
        policy = parse_policy(_read(args.file), IDENTITY)
        principal = Principal.from_arn(args.caller)
    except AwsError as exc:
        sys.stderr.write(f"{exc.code}: {exc.message}\n")
        return 1
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"iam-sandbox: {exc}\n")
        return 2
    context = {}
    for item in args.context or []:
        key, _, value = item.partition("=")
        context[key] = value.split(",") if "," in value else value
    auth = Authorization(principal, args.action, args.resource, RequestContext.from_mapping(context),
                         identity=[PolicyRef(policy, args.file, None, args.file)])
    decision = evaluate(auth, explain=True)
    sys.stdout.write(decision.explain.render_text() + "\n")
    return 0 if decision.allowed else 1


def main(argv: list[str], opts: dict) -> int:
    parser = argparse.ArgumentParser(prog="iam-sandbox policy", description="Check and try IAM policies.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate", help="validate a policy document")
    v.add_argument("file", help="policy JSON file, or - for standard input")
    v.add_argument("--type", choices=KINDS, default="identity", help="policy grammar (default identity)")
    v.add_argument("--json", action="store_true", help="machine-readable output")
    v.set_defaults(run=validate)
    e = sub.add_parser("explain", help="evaluate one request against an identity policy, with the explanation")
    e.add_argument("file")
    e.add_argument("--action", required=True)
    e.add_argument("--resource", default="*")
    e.add_argument("--caller", default="arn:aws:iam::123456789012:user/learner")
    e.add_argument("--context", action="append", metavar="KEY=VALUE", help="context key (repeatable)")
    e.set_defaults(run=explain)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return args.run(args)
