"""The sandbox's phones and tablets: ``device`` (list, add, open a terminal on one) and
``app``, the mobile app installed on them (``sandbox.shell.mobile_app``)."""

from __future__ import annotations

import re
import shlex

from sandbox.shell.builtins.base import NOTHING, Builtin

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,30}$")
USAGE = "usage: device list | device add NAME [--tablet] [--ios] | device open NAME [COMMAND...]\n"


def device(sh, args, out, err, result) -> int:
    from sandbox.services import devices  # Cognito's modules load when a device is used (start-up time)

    world = sh.world
    if not args or args[0] == "list":
        found = devices.devices(world)
        if not found:
            out.write("No devices yet (device add NAME).\n")
        for d in found:
            out.write(f"{d['Name']:<20} {d['Kind']:<7} {d.get('Platform', 'GCM'):<5} push token "
                      f"{d.get('PushToken', '')[:16]}…\n")
        return 0
    if args[0] == "add" and len(args) >= 2:
        name = args[1]
        flags = set(args[2:])
        if not _NAME.match(name) or flags - {"--tablet", "--ios"}:
            err.write("device: a device name is lower-case letters, digits and '-' (such as ana-phone)\n" + USAGE)
            return 2
        if world["machines"].exists(name):
            err.write(f"device: there is already a machine named {name}\n")
            return 1
        with world.transaction():
            row = devices.add_device(world, name, "tablet" if "--tablet" in flags else "phone",
                                     "APNS" if "--ios" in flags else "GCM")
        out.write(f"{row['Kind'].capitalize()} {name} is ready, with the app installed (device open {name}).\n")
        return 0
    if args[0] == "open" and len(args) >= 2:
        target = world["machines"].get(args[1])
        if not devices.is_device(target):
            err.write(f"device: no phone or tablet named {args[1]} (device list)\n")
            return 1
        if len(args) > 2:  # one command there, as ssh HOST COMMAND runs one (the words expanded here)
            return sh.run_on(target["Name"], " ".join(shlex.quote(a) for a in args[2:]), out, err)
        sh.enter(target["Name"])
        out.write(f"On {target['Name']}: its app is `app` (app help). Type exit to go back.\n")
        return 0
    err.write(USAGE)
    return 2


def app(sh, args, out, err, result) -> int:
    from sandbox.shell import mobile_app  # the app loads Cognito's and the providers' modules (start-up time)

    return mobile_app.run(sh.gateway, sh.machine, args, out, err)


BUILTINS = (
    Builtin("device", "device list|add NAME|open NAME [COMMAND]",
            "the sandbox's phones and tablets: a terminal on one, or one command run there",
            NOTHING, device),
    Builtin("app", "app ...", "the mobile app on a phone or tablet: sign in, S3, data synced across devices",
            NOTHING, app),
)
