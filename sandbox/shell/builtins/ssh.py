"""ssh and connect: a terminal on an EC2 instance (``exit`` comes back), or one command run
there with its output and exit status brought back."""

from __future__ import annotations

from sandbox.shell.builtins.base import INSTANCES, Builtin
from sandbox.shell.machines import find_instance

VALUED = ("-i", "-l", "-p", "-o", "-F", "-J", "-L", "-R", "-D", "-E", "-b", "-c", "-m", "-S", "-W")


def ssh(sh, args, out, err, result) -> int:
    """``ssh [options] [user@]host [command]``."""
    target = None
    k = 0
    while k < len(args):
        a = args[k]
        if a in VALUED:
            k += 2
            continue
        if a.startswith("-"):
            k += 1
            continue
        target = a
        break
    if target is None:
        err.write("usage: ssh [-i identity_file] [user@]host [command]\n")
        return 255
    remote = " ".join(args[k + 1:])
    host = target.split("@", 1)[-1]
    instance = find_instance(sh.world, host)
    if instance is None:
        err.write(f"ssh: Could not resolve hostname {host}: Name or service not known\n")
        return 255
    if instance["State"] != "running":
        err.write(f"ssh: connect to host {instance.get('PublicIpAddress', host)} port 22: Connection timed out "
                  f"(the instance is {instance['State']})\n")
        return 255
    if remote.strip():
        return sh.run_on(instance["InstanceId"], remote, out, err)
    sh.enter(instance["InstanceId"])
    name = instance.get("Name") or instance["InstanceId"]
    out.write(f"Connected to {name} ({instance['InstanceId']}, {instance['PublicIpAddress']}). "
              "Type exit to go back.\n")
    return 0


BUILTINS = (
    Builtin("ssh", "ssh NAME [COMMAND]", "a terminal on an EC2 instance (Name tag or id), or run COMMAND there",
            INSTANCES, ssh),
    Builtin("connect", "connect NAME", "the same as ssh NAME", INSTANCES, ssh),
)
