"""``aws help``, ``aws SERVICE help`` and ``aws SERVICE OPERATION help``, generated from
the same declarations the parser uses, listing only what the sandbox supports."""

from __future__ import annotations

import textwrap

from sandbox.awscli import catalog
from sandbox.awscli.commands import COMMANDS
from sandbox.awscli.spec import Operation


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
    commands = {name: catalog.get_service(name).title for name in catalog.service_names()}
    commands.update({name: command.summary for name, command in COMMANDS.items()})
    for name in sorted(commands):
        lines.append(f"       o {name:<18} {commands[name]}")
    return "\n".join(lines) + "\n"


def service_help(service: catalog.Service) -> str:
    lines = [f"{service.name.upper()}()", "", "NAME", f"       {service.name} - {service.title}", "",
             "AVAILABLE COMMANDS"]
    for name, op in service.operations.items():
        lines.append(f"       o {name:<42} {op.summary}")
    return "\n".join(lines) + "\n"


def operation_help(service: catalog.Service, op: Operation) -> str:
    lines = [f"{op.cli.upper()}()", "", "NAME", f"       {op.cli} -", "", "DESCRIPTION"]
    lines.extend("       " + w for w in textwrap.wrap(op.summary, 80) or [""])
    if op.paginator:
        lines += ["", f"       {op.cli} is a paginated operation. Multiple API calls may be issued in order to",
                  "       retrieve the entire data set of results. You can disable pagination by providing",
                  "       the --no-paginate argument."]
    shown = [p for p in op.params if not p.hidden and not p.negative]
    lines += ["", "SYNOPSIS", f"            {op.cli}"]
    for p in shown:
        if p.positional:
            lines.append(f"          <{p.cli}>")
            continue
        if p.type == "boolean":
            flag = f"{p.flag} | --no-{p.cli}" if op.param("no-" + p.cli) else p.flag
        else:
            flag = f"{p.flag} <value>" + (" [<value>...]" if p.type == "list" or p.nargs == "*" else "")
        lines.append(f"          {flag if p.required else '[' + flag + ']'}")
    lines += ["", "OPTIONS"]
    for p in shown:
        lines.append(f"       {p.flag} ({p.type}){' [required]' if p.required else ''}")
        for w in textwrap.wrap((p.help or p.api or "").strip(), 76):
            lines.append(f"          {w}")
        if p.enum:
            lines.append(f"          Possible values: {', '.join(p.enum)}")
        elif p.choices:
            lines.append(f"          Possible values: {', '.join(p.choices)}")
        lines.append("")
    return "\n".join(lines) + "\n"
