"""``aws s3``: the CLI's high-level S3 commands (ls, cp, mv, rm, mb, rb), printing what
the real CLI prints (``upload: ./x to s3://b/x``, ``PRE`` lines, ``--summarize``).

Each command calls the S3 API operations (ListBuckets, ListObjectsV2, PutObject,
GetObject, CopyObject, DeleteObject, CreateBucket, DeleteBucket) through the session, so
every one is authorized and logged; local files are the machine's (see ``local_files``).
"""

from __future__ import annotations

import posixpath
from datetime import datetime
from typing import TextIO

from sandbox.awscli.parse import UsageError, columns, usage_error
from sandbox.awscli.session import ConfigError, Session
from sandbox.errors import AwsError

SUBCOMMANDS = {
    "ls": "List S3 objects and common prefixes under a prefix, or all S3 buckets.",
    "cp": "Copy a local file or S3 object to another location locally or in S3.",
    "mv": "Move a local file or S3 object to another location locally or in S3.",
    "rm": "Delete an S3 object.",
    "mb": "Create an S3 bucket.",
    "rb": "Delete an empty S3 bucket (--force deletes its objects first).",
}
CP_USAGE = "usage: aws s3 cp <LocalPath> <S3Uri> or <S3Uri> <LocalPath> or <S3Uri> <S3Uri>"
FLAGS = {"--recursive", "--human-readable", "--summarize", "--dryrun", "--quiet", "--force", "--only-show-errors"}
VALUED = {"--sse", "--content-type", "--acl", "--exclude", "--include"}


def human(size: int) -> str:
    if size == 1:
        return "1 Byte"
    if size < 1024:
        return f"{size} Bytes"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        value /= 1024
        if value < 1024 or unit == "EiB":
            return f"{value:.1f} {unit}"
    return f"{size} Bytes"


def _date(iso_text: str) -> str:
    return datetime.fromisoformat(iso_text).strftime("%Y-%m-%d %H:%M:%S")


def _split_uri(uri: str) -> tuple[str, str]:
    rest = uri[len("s3://"):]
    bucket, _, key = rest.partition("/")
    return bucket, key


class S3Command:
    def __init__(self, session: Session, out: TextIO, err: TextIO):
        self.session = session
        self.machine = session.machine
        self.local = session.local
        self.out = out
        self.err = err
        self.options: dict = {}
        self.flags: dict = {}

    def call(self, operation: str, params: dict) -> dict:
        return self.session.call("s3", operation, params, self.options)

    def list_all(self, params: dict) -> dict:
        """Every page of ListObjectsV2 (1,000 keys each), as the CLI's high-level commands
        read a listing: the keys and common prefixes of all pages together."""
        listing: dict = {"Contents": [], "CommonPrefixes": []}
        params = dict(params)
        while True:
            page = self.call("ListObjectsV2", params)
            listing["Contents"] += page.get("Contents", [])
            listing["CommonPrefixes"] += page.get("CommonPrefixes", [])
            if not page.get("IsTruncated") or not page.get("NextContinuationToken"):
                return listing
            params["ContinuationToken"] = page["NextContinuationToken"]

    def run(self, options: dict, rest: list[str]) -> int:
        self.options = options
        if not rest or rest[0] == "help":
            self.out.write("S3()\n\nAVAILABLE COMMANDS\n" + "".join(f"       o {k:<4} {v}\n"
                                                                    for k, v in SUBCOMMANDS.items()))
            return 0
        command, args = rest[0], rest[1:]
        if command not in SUBCOMMANDS:
            return usage_error(self.err, UsageError(f"argument subcommand: Invalid choice, valid choices are:\n\n"
                                                    f"{columns(sorted(SUBCOMMANDS))}"))
        positional: list[str] = []
        i = 0
        while i < len(args):
            a = args[i]
            if a in FLAGS:
                self.flags[a] = True
            elif a in VALUED and i + 1 < len(args):
                self.flags[a] = args[i + 1]
                i += 1
            elif a.startswith("--"):
                self.err.write(f"\nusage: aws s3 {command}\nUnknown options: {a}\n\n")
                return 252
            else:
                positional.append(a)
            i += 1
        try:
            return getattr(self, f"cmd_{command}")(positional)
        except ConfigError as exc:
            self.err.write(f"\n{exc.message}\n")
            return exc.rc

    # -- ls ------------------------------------------------------------------------------------

    def cmd_ls(self, args: list[str]) -> int:
        if len(args) > 1:
            self.err.write("\nUnknown options: " + ", ".join(args[1:]) + "\n")
            return 252
        if not args or args[0] in ("s3://", "s3:"):
            try:
                result = self.call("ListBuckets", {})
            except AwsError as exc:
                self.err.write(f"\n{exc.cli_message('ListBuckets')}\n")
                return 254
            for b in result["Buckets"]:
                self.out.write(f"{_date(b['CreationDate'])} {b['Name']}\n")
            return 0
        uri = args[0] if args[0].startswith("s3://") else "s3://" + args[0]
        bucket, prefix = _split_uri(uri)
        recursive = bool(self.flags.get("--recursive"))
        params = {"Bucket": bucket, "Prefix": prefix}
        if not recursive:
            params["Delimiter"] = "/"
        try:
            result = self.list_all(params)
        except AwsError as exc:
            self.err.write(f"\n{exc.cli_message('ListObjectsV2')}\n")
            return 254
        size_of = human if self.flags.get("--human-readable") else str
        total = count = 0
        base = prefix[: prefix.rfind("/") + 1] if not recursive else ""
        lines = 0
        for pre in result.get("CommonPrefixes", []):
            self.out.write(f"{'PRE'.rjust(30)} {pre['Prefix'][len(base):]}\n")
            lines += 1
        for obj in result.get("Contents", []):
            name = obj["Key"] if recursive else obj["Key"][len(base):]
            if not recursive and not name:
                continue
            self.out.write(f"{_date(obj['LastModified'])} {size_of(obj['Size']).rjust(10)} {name}\n")
            total += obj["Size"]
            count += 1
            lines += 1
        if self.flags.get("--summarize"):
            self.out.write(f"\n{'Total Objects: '.rjust(15)}{count}\n{'Total Size: '.rjust(15)}{size_of(total)}\n")
        return 0 if lines or self.flags.get("--summarize") or not prefix else 1

    # -- cp / mv ---------------------------------------------------------------------------------

    def cmd_cp(self, args: list[str], move: bool = False, from_machine: bool = False) -> int:
        verb = "move" if move else None
        if len(args) != 2:
            usage = CP_USAGE.replace(" cp ", " mv ") if move else CP_USAGE
            self.err.write(f"\n{usage}\nError: Invalid argument type\n")
            return 252
        src, dst = args
        s3_src, s3_dst = src.startswith("s3://"), dst.startswith("s3://")
        if not (s3_src or s3_dst):
            self.err.write(f"\n{CP_USAGE}\nError: Invalid argument type\n")
            return 252
        if self.flags.get("--recursive"):
            return self._recursive(src, dst, move)
        if not s3_src:
            local = self.machine.locate(src, host=not from_machine)
            if local.kind == "dir":
                self.err.write(f"upload failed: {local.shown} to {dst} [Errno 21] Is a directory: '{local.path}'\n")
                return 1
            if local.kind is None:
                self._missing(src)
                return 255
            bucket, key = _split_uri(dst)
            if not key or key.endswith("/"):
                key += posixpath.basename(local.path)
            target = f"s3://{bucket}/{key}"
            if move and local.on_host:
                self.err.write(f"move failed: {local.shown} to {target} iam-sandbox does not delete files on this "
                               "computer: use aws s3 cp, then delete the file yourself\n")
                return 1
            params = {"Bucket": bucket, "Key": key, "Body": self.machine.read(local, True)}
            if self.flags.get("--sse"):
                params["ServerSideEncryption"] = self.flags["--sse"]
            return self._transfer(verb or "upload", local.shown, target, "PutObject", params,
                                  after=(lambda: self.machine.remove(local.path)) if move else None)
        bucket, key = _split_uri(src)
        if not self._head_source(bucket, key):
            return 1
        if s3_dst:
            dbucket, dkey = _split_uri(dst)
            if not dkey or dkey.endswith("/"):
                dkey += posixpath.basename(key)
            return self._transfer(verb or "copy", src, f"s3://{dbucket}/{dkey}", "CopyObject",
                                  {"Bucket": dbucket, "Key": dkey, "CopySource": f"{bucket}/{key}"},
                                  after=(lambda: self.call("DeleteObject", {"Bucket": bucket, "Key": key})) if move
                                  else None)
        local = self.local.resolve(dst)
        if self.machine.kind(local) == "dir" or dst.endswith("/") or dst in (".", ".."):
            local = posixpath.join(local, posixpath.basename(key))
        shown_dst = "-" if dst == "-" else self.local.shown(local)
        if self.flags.get("--dryrun"):
            self._say(f"(dryrun) {verb or 'download'}: {src} to {shown_dst}")
            return 0
        try:
            result = self.call("GetObject", {"Bucket": bucket, "Key": key})
        except AwsError as exc:
            self.err.write(f"{verb or 'download'} failed: {src} to {shown_dst} {exc.cli_message('GetObject')}\n")
            return 1
        except ConfigError as exc:
            self.err.write(f"{verb or 'download'} failed: {src} to {shown_dst} {exc.message}\n")
            return 1
        body = result["Body"]
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
        if dst == "-":  # the object's content to standard output, as the CLI streams it
            self.out.write(text)
            return 0
        try:
            self.local.write(local, text)
        except OSError as exc:
            self.err.write(f"{verb or 'download'} failed: {src} to {shown_dst} [Errno {exc.errno}] {exc.strerror}: "
                           f"'{local}'{self.local.write_hint(local)}\n")
            return 1
        if move:
            self.call("DeleteObject", {"Bucket": bucket, "Key": key})
        self._say(f"{verb or 'download'}: {src} to {shown_dst}")
        return 0

    def _head_source(self, bucket: str, key: str) -> bool:
        """The CLI asks for one S3 source object with HeadObject before it transfers it (so
        that ``s3:ListBucket`` is not needed); a failure there ends the command as a fatal
        error. False when it failed (the message is written)."""
        try:
            self.call("HeadObject", {"Bucket": bucket, "Key": key})
        except AwsError as exc:
            message = f'Key "{key}" does not exist' if exc.code == "404" else exc.message
            self.err.write(f"fatal error: An error occurred ({exc.code}) when calling the HeadObject operation: "
                           f"{message}\n")
            return False
        except ConfigError as exc:
            self.err.write(f"fatal error: {exc.message}\n")
            return False
        return True

    def _missing(self, src: str, folder: bool = False) -> None:
        """The CLI's message for a local source that is not there; from the host's terminal,
        it says where the sandbox looked."""
        where = self.local.folder_looked(src) if folder else self.local.looked()
        self.err.write(f"\nThe user-provided path {src} does not exist{where}.\n")

    def _transfer(self, verb: str, src: str, dst: str, operation: str, params: dict, after=None) -> int:
        if self.flags.get("--dryrun"):
            self._say(f"(dryrun) {verb}: {src} to {dst}")
            return 0
        try:
            self.call(operation, params)
        except AwsError as exc:
            self.err.write(f"{verb} failed: {src} to {dst} {exc.cli_message(operation)}\n")
            return 1
        except ConfigError as exc:
            self.err.write(f"{verb} failed: {src} to {dst} {exc.message}\n")
            return 1
        if after:
            after()
        self._say(f"{verb}: {src} to {dst}")
        return 0

    def _say(self, line: str) -> None:
        if not (self.flags.get("--quiet") or self.flags.get("--only-show-errors")):
            self.out.write(line + "\n")

    def _recursive(self, src: str, dst: str, move: bool) -> int:
        rc = 0
        if not src.startswith("s3://"):
            root = self.local.resolve(src)
            kind = self.machine.kind(root)
            if kind is None:
                self._missing(src, folder=True)
                return 255
            self.flags.pop("--recursive", None)
            for path in self.local.files_under(root) if kind == "dir" else []:
                rel = path[len(root.rstrip("/")) + 1:]
                rc |= self.cmd_cp([path, dst.rstrip("/") + "/" + rel], move, from_machine=True)
            self.flags["--recursive"] = True
            return rc
        bucket, prefix = _split_uri(src)
        try:
            listing = self.list_all({"Bucket": bucket, "Prefix": prefix})
        except AwsError as exc:
            self.err.write(f"\n{exc.cli_message('ListObjectsV2')}\n")
            return 1
        self.flags.pop("--recursive", None)
        for obj in listing.get("Contents", []):
            rel = obj["Key"][len(prefix):].lstrip("/") if prefix else obj["Key"]
            target = (dst.rstrip("/") + "/" + rel) if dst.startswith("s3://") else posixpath.join(dst, rel)
            if not dst.startswith("s3://"):
                self.machine.mkdir(posixpath.dirname(self.local.resolve(target)))
            rc |= self.cmd_cp([f"s3://{bucket}/{obj['Key']}", target], move)
        self.flags["--recursive"] = True
        return rc

    def cmd_mv(self, args: list[str]) -> int:
        return self.cmd_cp(args, move=True)

    # -- rm / mb / rb ----------------------------------------------------------------------------

    def cmd_rm(self, args: list[str]) -> int:
        if len(args) != 1 or not args[0].startswith("s3://"):
            self.err.write("\nusage: aws s3 rm <S3Uri>\nError: Invalid argument type\n")
            return 252
        bucket, key = _split_uri(args[0])
        keys = [key]
        if self.flags.get("--recursive"):
            try:
                listing = self.list_all({"Bucket": bucket, "Prefix": key})
            except AwsError as exc:
                self.err.write(f"\n{exc.cli_message('ListObjectsV2')}\n")
                return 1
            keys = [o["Key"] for o in listing.get("Contents", [])]
        rc = 0
        for k in keys:
            uri = f"s3://{bucket}/{k}"
            if self.flags.get("--dryrun"):
                self._say(f"(dryrun) delete: {uri}")
                continue
            try:
                self.call("DeleteObject", {"Bucket": bucket, "Key": k})
                self._say(f"delete: {uri}")
            except AwsError as exc:
                self.err.write(f"delete failed: {uri} {exc.cli_message('DeleteObject')}\n")
                rc = 1
        return rc

    def cmd_mb(self, args: list[str]) -> int:
        if len(args) != 1 or not args[0].startswith("s3://"):
            self.err.write("\n<S3Uri>\nError: Invalid argument type\n")
            return 252
        bucket, _ = _split_uri(args[0])
        params: dict = {"Bucket": bucket}
        region = self.session.region(self.options) or "us-east-1"
        if region != "us-east-1":  # as awscli's MbCommand: the bucket goes to the command's Region
            params["CreateBucketConfiguration"] = {"LocationConstraint": region}
        try:
            self.call("CreateBucket", params)
        except AwsError as exc:
            self.err.write(f"make_bucket failed: s3://{bucket} {exc.cli_message('CreateBucket')}\n")
            return 1
        self.out.write(f"make_bucket: {bucket}\n")
        return 0

    def cmd_rb(self, args: list[str]) -> int:
        if len(args) != 1 or not args[0].startswith("s3://"):
            self.err.write("\n<S3Uri>\nError: Invalid argument type\n")
            return 252
        bucket, key = _split_uri(args[0])
        if key:
            self.err.write(f"\nPlease specify a valid bucket name only. E.g. s3://{bucket}\n")
            return 252
        if self.flags.get("--force"):
            self.flags["--recursive"] = True
            if self.cmd_rm([f"s3://{bucket}/"]):
                self.err.write("remove_bucket failed: Unable to delete all objects in the bucket, bucket will not be "
                               "deleted.\n")
                return 1
        try:
            self.call("DeleteBucket", {"Bucket": bucket})
        except AwsError as exc:
            self.err.write(f"remove_bucket failed: s3://{bucket} {exc.cli_message('DeleteBucket')}\n")
            return 1
        self.out.write(f"remove_bucket: {bucket}\n")
        return 0


def run(session: Session, options: dict, argv: list[str], out: TextIO, err: TextIO) -> int:
    """``aws s3 ...``: the global options, and the arguments after ``s3`` (without them)."""
    return S3Command(session, out, err).run(options, argv)
