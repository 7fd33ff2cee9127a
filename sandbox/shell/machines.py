"""The sandbox's machines as the ``aws`` program uses them: the laptop and the EC2
instances, each with its files in the world, its network address and, on an instance, the
metadata service that hands out the instance profile's credentials.

``SandboxMachine`` is the port (``sandbox.awscli.port.Machine``) the sandbox terminal builds
for each ``aws`` command, with the terminal's variables and folder.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping

from sandbox.awscli.machine_files import WorldFiles
from sandbox.awscli.port import Local, machine_path
from sandbox.services import placement
from sandbox.services.gateway import Credentials, Gateway, Origin
from sandbox.services.regions import DEFAULT

GONE = {"Home": "/", "User": "root", "Hostname": "unknown", "Kind": "gone", "SourceIp": "0.0.0.0"}


def record(world, name: str) -> dict:
    """A machine's record in the world; a stand-in when it is gone (a terminated instance)."""
    return world["machines"].get(name) or {"Name": name, **GONE}


def login_env(machine: dict) -> dict[str, str]:
    """The variables a new terminal on the machine starts with."""
    return {"HOME": machine["Home"], "USER": machine["User"], "SHELL": "/bin/bash",
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOSTNAME": machine["Hostname"], "LANG": "C.UTF-8"}


def prompt(machine: dict, cwd: str, env: Mapping[str, str]) -> str:
    """bash's prompt there: Ubuntu's on the laptop, Amazon Linux's on an instance; the
    profile in use in front, as a learner's prompt theme shows it."""
    home = machine["Home"]
    profile = env.get("AWS_PROFILE")
    tag = f"({profile}) " if profile else ""
    if machine.get("Kind") == "ec2":
        short = "~" if cwd == home else posixpath.basename(cwd) or "/"
        return f"{tag}[{machine['User']}@{machine['Hostname']} {short}]$ "
    where = "~" + cwd[len(home):] if cwd == home or cwd.startswith(home + "/") else cwd
    return f"{tag}{machine['User']}@{machine['Hostname']}:{where}$ "


def place(machine: dict) -> str:
    """A machine as messages name it."""
    if machine.get("Kind") == "ec2":
        return f"the instance {machine.get('Hostname') or machine['Name']}"
    if machine.get("Kind") in ("phone", "tablet"):
        return f"the {machine['Kind']} {machine['Name']}"
    return "your sandbox laptop"


class SandboxMachine(WorldFiles):
    host_files = False

    def __init__(self, gateway: Gateway, machine: dict, env: Mapping[str, str] | None = None,
                 cwd: str | None = None, ask: Callable[[str], str] | None = None, via: str = "cli"):
        super().__init__(gateway.world, machine["Name"])
        self.gateway = gateway
        self.record = machine
        self.home = machine["Home"]
        self.cwd = cwd or machine["Home"]
        self.env = env if env is not None else {}
        self.ask = ask
        self.via = via
        self.place = place(machine)
        self.instance_id = machine.get("InstanceId") if machine.get("Kind") == "ec2" else None

    def origin(self, region: str, secure: bool) -> Origin:
        instance_arn = None
        instance = self.world["instances"].get(self.record["InstanceId"]) if self.record.get("InstanceId") else None
        if instance is not None:
            instance_arn = placement.instance_arn(self.world.account_id, instance)
        return Origin(machine=self.name, source_ip=self.record["SourceIp"], region=region, via=self.via,
                      instance_arn=instance_arn, secure=secure)

    def instance_credentials(self) -> Credentials | None:
        if self.instance_id is None:
            return None
        from sandbox.services.ec2 import imds  # only on an instance: EC2 costs start-up time elsewhere

        creds = imds.role_credentials(self.gateway, self.instance_id)
        if creds is None:
            return None
        return Credentials(creds["AccessKeyId"], creds["SecretAccessKey"], creds["Token"], "iam-role")

    def instance_region(self) -> str | None:
        if self.instance_id is None:
            return None
        instance = self.world["instances"].get(self.instance_id)
        return placement.of_instance(instance) if instance else DEFAULT

    def locate(self, path: str, host: bool = True) -> Local:
        full = machine_path(path, self.home, self.cwd)
        folder, name = posixpath.split(full)
        return Local(False, full, self.kind(full), posixpath.join(posixpath.relpath(folder, self.cwd), name))

    def read(self, local: Local, binary: bool) -> str | bytes:
        if local.kind == "dir":
            raise OSError(21, "Is a directory")
        if local.kind is None:
            raise OSError(2, "No such file or directory")
        text = self.read_text(local.path)
        return text.encode() if binary else text


def find_instance(world, host: str) -> dict | None:
    """The instance ssh reaches as ``host``: its id, public address or Name tag (a running
    one first when several share the name)."""
    rows = world["instances"].all()
    for row in rows:
        if row["InstanceId"] == host or row.get("PublicIpAddress") == host:
            return row
    named = [r for r in rows if any(t["Key"] == "Name" and t["Value"] == host for t in r.get("Tags", []))]
    named.sort(key=lambda r: r["State"] != "running")
    return named[0] if named else None
