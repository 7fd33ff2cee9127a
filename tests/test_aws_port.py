"""The ``aws`` program reaches the machine it runs on only through its port
(sandbox.awscli.port.Machine): ``iam-sandbox aws`` in the learner's terminal and ``aws`` in
the sandbox terminal build one each and call the same entry point, so they print the same;
and a machine that is neither (an in-memory one here) works the same way."""

from __future__ import annotations

import io
import json
import posixpath
import shlex

import pytest

from sandbox.awscli.port import Local, Machine, MachineFiles, machine_path
from sandbox.awscli.run import run_aws
from sandbox.cli.host_laptop import HostLaptop
from sandbox.services.gateway import Gateway, Origin
from sandbox.shell.machines import SandboxMachine
from sandbox.world import World, fs
from shellhelp import Term

# -- the same command, through the host's port and through the sandbox terminal ----------------------

SAME_EVERYWHERE = [
    "sts get-caller-identity",
    "iam list-users --output table",
    "iam list-users --max-items 1 --output text",
    "iam get-user --user-name nobody",
    "iam list-users --query Users[].[UserName,Arn] --output text",
    "ec2 describe-instances --query Reservations[].Instances[].InstanceId --output text",
    "ec2 describe-instances",  # no region given: the laptop's profile has one
    "s3 ls",
    "s3 ls s3://experimenting-aws --recursive --summarize",
    "s3 cp s3://experimenting-aws/hello.txt -",
    "s3 cp hello.txt s3://experimenting-aws/copy.txt --dryrun",
    "s3 mv s3://experimenting-aws/nope.txt s3://experimenting-aws/b.txt",
    "s3 frob",
    "configure list",
    "configure get region",
    "configure list-profiles",
    "--profile ghost sts get-caller-identity",
    "iam get-user --user-name",
    "iam list-userz",
    "s3api list-buckets --output yaml",
    "--version",
    "help",
]


@pytest.mark.parametrize("line", SAME_EVERYWHERE)
def test_the_host_and_the_sandbox_terminal_print_the_same(line, sb, tmp_path, monkeypatch):
    sb.run("world", "info")  # the world file exists
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)  # no host file shadows the laptop's hello.txt
    host = sb.aws(*shlex.split(line))
    term = Term(World(sb.path))
    here = term.run(f"aws {line}")
    assert host.out + host.err
    assert (host.rc, host.out, host.err) == (here.status, here.out, here.err)


def test_only_the_notes_on_written_files_tell_the_host_apart(sb, tmp_path, monkeypatch):
    """Where the two differ, by design: a file written from the host's terminal is the
    laptop's, and a note says so."""
    sb.run("world", "info")
    monkeypatch.chdir(tmp_path)
    host = sb.aws("s3", "cp", "s3://experimenting-aws/hello.txt", "from-host.txt")
    here = Term(World(sb.path)).run("aws s3 cp s3://experimenting-aws/hello.txt from-terminal.txt")
    assert host.out == "download: s3://experimenting-aws/hello.txt to ./from-host.txt\n"
    assert here.out == "download: s3://experimenting-aws/hello.txt to ./from-terminal.txt\n"
    assert host.err == ("(saved on your sandbox laptop as /home/learner/from-host.txt; see it with "
                        "iam-sandbox shell)\n")
    assert here.err == ""
    assert not (tmp_path / "from-host.txt").exists()
    world = World(sb.path)
    assert fs.read(world, "laptop", "/home/learner/from-host.txt") == "Hello v1 from my laptop\n"


# -- a machine that is only the port -----------------------------------------------------------------

class MemoryMachine:
    """A machine whose files are a dict: everything the aws program reads or writes of a
    machine must come through these methods."""

    host_files = False
    place = "the memory machine"

    def __init__(self, gateway: Gateway, files: dict[str, str], env: dict | None = None, answers=()):
        self.gateway = gateway
        self.files = files
        self.home = "/home/m"
        self.cwd = "/home/m/work"
        self.env = env or {}
        replies = iter(answers)
        self.ask = lambda prompt: next(replies)

    def origin(self, region: str, secure: bool) -> Origin:
        return Origin(machine="memory", source_ip="198.51.100.7", region=region, secure=secure)

    def instance_credentials(self):
        return None

    def instance_region(self):
        return None

    def kind(self, path: str) -> str | None:
        if path in self.files:
            return "file"
        if path == "/" or any(p.startswith(path.rstrip("/") + "/") for p in self.files):
            return "dir"
        return None

    def read_text(self, path: str) -> str:
        if self.kind(path) != "file":
            raise OSError(2, "No such file or directory")
        return self.files[path]

    def write_text(self, path: str, text: str, parents: bool = False) -> None:
        if self.kind(path) == "dir":
            raise OSError(21, "Is a directory")
        if not parents and self.kind(posixpath.dirname(path)) != "dir":
            raise OSError(2, "No such file or directory")
        self.files[path] = text

    def mkdir(self, path: str) -> None:
        self.files.setdefault(path.rstrip("/") + "/.keep", "")

    def remove(self, path: str) -> None:
        del self.files[path]

    def listdir(self, path: str) -> list[tuple[str, bool]]:
        prefix = path.rstrip("/") + "/"
        names = {p[len(prefix):].split("/")[0]: "/" in p[len(prefix):] for p in self.files if p.startswith(prefix)}
        return sorted(names.items())

    def locate(self, path: str, host: bool = True) -> Local:
        full = machine_path(path, self.home, self.cwd)
        folder, name = posixpath.split(full)
        return Local(False, full, self.kind(full), posixpath.join(posixpath.relpath(folder, self.cwd), name))

    def read(self, local: Local, binary: bool) -> str | bytes:
        text = self.read_text(local.path)
        return text.encode() if binary else text


def test_the_front_ends_machines_offer_every_member_of_the_port(world, tmp_path):
    members = [name for cls in (Machine, MachineFiles) for name in (*vars(cls), *cls.__annotations__)
               if not name.startswith("_")]
    assert {"gateway", "home", "cwd", "env", "ask", "read_text", "write_text", "listdir", "locate"} <= set(members)
    gateway = Gateway(world)
    laptop = world["machines"].get("laptop")
    for machine in (SandboxMachine(gateway, laptop), HostLaptop(gateway, laptop), MemoryMachine(gateway, {})):
        missing = [name for name in members if not hasattr(machine, name)]
        assert not missing, (type(machine).__name__, missing)


def admin_keys(world) -> str:
    return fs.read(world, "laptop", "/home/learner/.aws/credentials")


def aws(machine, line: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    rc = run_aws(shlex.split(line), machine, out, err)
    return rc, out.getvalue(), err.getvalue()


def test_credentials_and_settings_come_from_the_machines_files(world):
    machine = MemoryMachine(Gateway(world), {})
    rc, out, err = aws(machine, "sts get-caller-identity")
    assert (rc, err) == (253, '\nUnable to locate credentials. You can configure credentials by running '
                              '"aws configure".\n')
    machine.files["/home/m/.aws/credentials"] = admin_keys(world)
    rc, out, err = aws(machine, "sts get-caller-identity")
    assert rc == 0 and json.loads(out)["Arn"] == f"arn:aws:iam::{world.account_id}:user/admin"
    assert world.events.since(0)[-1]["machine"] == "memory"  # the port says where requests come from
    rc, out, err = aws(machine, "ec2 describe-instances")
    assert (rc, err) == (253, '\nYou must specify a region. You can also configure your region by running '
                              '"aws configure".\n')


def test_configure_writes_the_machines_files_only(world):
    laptop_config = fs.read(world, "laptop", "/home/learner/.aws/config")
    machine = MemoryMachine(Gateway(world), {}, answers=["AKIAMEMORY", "s3cret", "eu-west-2", ""])
    assert aws(machine, "configure") == (0, "", "")
    assert aws(machine, "configure set output table --profile dev") == (0, "", "")
    assert machine.files["/home/m/.aws/credentials"] == ("[default]\naws_access_key_id = AKIAMEMORY\n"
                                                         "aws_secret_access_key = s3cret\n")
    assert machine.files["/home/m/.aws/config"] == "[default]\nregion = eu-west-2\n\n[profile dev]\noutput = table\n"
    assert fs.read(world, "laptop", "/home/learner/.aws/config") == laptop_config


def test_s3_and_outfiles_read_and_write_the_machines_files(world):
    machine = MemoryMachine(Gateway(world), {"/home/m/work/notes.txt": "from memory\n"})
    machine.files["/home/m/.aws/credentials"] = admin_keys(world)
    assert aws(machine, "s3 cp notes.txt s3://experimenting-aws/notes.txt") == (
        0, "upload: ./notes.txt to s3://experimenting-aws/notes.txt\n", "")
    assert world["objects"].get("experimenting-aws/notes.txt")["Body"] == "from memory\n"
    assert aws(machine, "s3 cp s3://experimenting-aws/hello.txt ../copy.txt") == (
        0, "download: s3://experimenting-aws/hello.txt to ../copy.txt\n", "")
    assert machine.files["/home/m/copy.txt"] == "Hello v1 from my laptop\n"
    rc, out, err = aws(machine, "iam create-virtual-mfa-device --virtual-mfa-device-name phone "
                                "--outfile seed.txt --bootstrap-method Base32StringSeed")
    assert rc == 0 and "Base32StringSeed" not in out
    assert len(machine.files["/home/m/work/seed.txt"].strip()) == 64
    assert not fs.is_file(world, "laptop", "/home/learner/copy.txt")
