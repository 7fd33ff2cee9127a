"""``aws help``, ``aws SERVICE help`` and ``aws SERVICE OPERATION help``, generated from
the same declarations the parser uses, listing only what the sandbox supports."""

from __future__ import annotations

import textwrap

from sandbox.awscli import spec
from sandbox.awscli.commands import COMMANDS

_TYPE_HINT = {
    spec.STRING: "<value>",
    spec.JSON_DOC: "<value>",
    spec.INTEGER: "<value>",
    spec.LIST: "<value> [<value>...]",
    spec.STRUCTURE: "<value>",
    spec.STRUCTURE_LIST: "<value> [<value>...]",
    spec.MAP: "<value>",
    spec.BLOB: "<value>",
}

def top_help() -> str:
    lines = ["AWS()", "", "NAME", "       aws - the sandbox's AWS Command Line Interface", "",
             "DESCRIPTION",
             "       Runs against the simulated AWS account of IAM Sandbox: nothing reaches real AWS.",
             "       Every call is authenticated and authorized by the sandbox's IAM policy engine.", "",
             "SYNOPSIS", "          aws [options] <command> <subcommand> [parameters]", "",
             "GLOBAL OPTIONS",
             "       --output (json | text | table | yaml | yaml-stream)   output format",
             "       --query <JMESPath>               filter the response",
             "       --profile <name>                 a profile from ~/.aws/credentials and ~/.aws/config",
             "       --region <region>                the region (IAM and STS are global)",
             "       --cli-input-json <json>          parameters as JSON (file:// to read a file)", "",
             "AVAILABLE SERVICES"]
    commands = {name: (spec.get_service(name).title) for name in spec.service_names()}
    commands.update({name: command.summary for name, command in COMMANDS.items()})
    for name in sorted(commands):
        lines.append(f"       o {name:<18} {commands[name]}")
    return "\n".join(lines) + "\n"


def service_help(service: spec.Service) -> str:
    lines = [f"{service.name.upper()}()", "", "NAME", f"       {service.name} - {service.title}", "",
             "AVAILABLE COMMANDS"]
    for name in sorted(service.operations):
        op = service.operations[name]
        lines.append(f"       o {name:<42} {op.summary}")
    return "\n".join(lines) + "\n"


def operation_help(service: spec.Service, op: spec.Operation) -> str:
    lines = [f"{op.cli.upper()}()", "", "NAME", f"       {op.cli} -", "", "DESCRIPTION"]
    for para in (op.summary or "").split("\n"):
        lines.extend("       " + w for w in textwrap.wrap(para, 80) or [""])
    lines += ["", "SYNOPSIS", f"            {op.cli}"]
    for pos in op.positional:
        lines.append(f"          <{pos}>")
    for p in op.params:
        hint = "" if p.type == spec.BOOLEAN else " " + _TYPE_HINT.get(p.type, "<value>")
        flag = f"{p.flag}{hint}" if p.type != spec.BOOLEAN else f"{p.flag} | --no-{p.cli}"
        lines.append(f"          {flag if p.required else '[' + flag + ']'}")
    lines.append("          [--cli-input-json <value>]")
    if "outfile" not in op.positional and op.param("outfile") is None:
        lines.append("          [--generate-cli-skeleton <value>]")
    lines += ["", "OPTIONS"]
    for p in op.params:
        kind = p.type.replace("json-document", "string")
        lines.append(f"       {p.flag} ({kind}){' [required]' if p.required else ''}")
        for w in textwrap.wrap(p.help or p.api, 76):
            lines.append(f"          {w}")
        if p.choices:
            lines.append(f"          Possible values: {', '.join(p.choices)}")
        if p.members:
            short = ",".join(f"{k}={'string,string' if v == spec.LIST else 'string'}" for k, v in p.members.items())
            lines.append(f"          Shorthand Syntax: {short}")
        lines.append("")
    return "\n".join(lines) + "\n"
