"""``~/.aws/credentials`` and ``~/.aws/config`` of a sandbox machine, and the AWS CLI's
order for finding credentials, region and output format (AWS CLI User Guide,
"Configuration and credential file settings"):

1. ``--profile``, else the ``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY`` variables;
2. the profile (``--profile``, ``AWS_PROFILE``, or ``default``): ``role_arn`` with
   ``source_profile`` assumes the role; otherwise keys from the credentials file, then
   from the config file;
3. on an EC2 instance, the instance metadata service (the instance profile's role).

Only the machine's own files and terminal variables are read: never the host's.
"""

from __future__ import annotations

import configparser
import io
from dataclasses import dataclass

from sandbox.world import fs

NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".'
NO_REGION = 'You must specify a region. You can also configure your region by running "aws configure".'


@dataclass
class Profile:
    name: str
    values: dict  # merged: credentials file then config file
    in_credentials: bool
    in_config: bool


def _parse(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        # a hand-edited file with a mistake: read what can be read, as botocore does
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        good = io.StringIO()
        for line in text.splitlines():
            if line.strip().startswith("[") or "=" in line:
                good.write(line + "\n")
        try:
            parser.read_string(good.getvalue())
        except configparser.Error:
            pass
    return parser


class AwsFiles:
    """The two files of one machine's home directory."""

    def __init__(self, world, machine: str, home: str, env: dict | None = None):
        self.world = world
        self.machine = machine
        self.home = home
        env = env or {}
        self.credentials_path = env.get("AWS_SHARED_CREDENTIALS_FILE") or f"{home}/.aws/credentials"
        self.config_path = env.get("AWS_CONFIG_FILE") or f"{home}/.aws/config"

    def _text(self, path: str) -> str:
        try:
            return fs.read(self.world, self.machine, _expand(path, self.home))
        except fs.FsError:
            return ""

    def credentials(self) -> configparser.ConfigParser:
        return _parse(self._text(self.credentials_path))

    def config(self) -> configparser.ConfigParser:
        return _parse(self._text(self.config_path))

    def profile(self, name: str) -> Profile | None:
        creds, conf = self.credentials(), self.config()
        section = name if name == "default" else f"profile {name}"
        values: dict = {}
        in_conf = conf.has_section(section) or (name != "default" and conf.has_section(name))
        if in_conf:
            values.update(dict(conf.items(section if conf.has_section(section) else name)))
        in_creds = creds.has_section(name)
        if in_creds:
            values.update(dict(creds.items(name)))
        if not (in_creds or in_conf):
            return None
        return Profile(name, values, in_creds, in_conf)

    def profile_names(self) -> list[str]:
        names = list(self.credentials().sections())
        for section in self.config().sections():
            name = section[len("profile "):] if section.startswith("profile ") else section
            if name not in names:
                names.append(name)
        return names

    def set_value(self, profile: str, key: str, value: str, now: str = "") -> None:
        """``aws configure set``: keys go to the credentials file, the rest to config."""
        secret_keys = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")
        if key in secret_keys:
            path, section = self.credentials_path, profile
            parser = self.credentials()
        else:
            path = self.config_path
            section = profile if profile == "default" else f"profile {profile}"
            parser = self.config()
        if not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, key, value)
        out = io.StringIO()
        parser.write(out)
        full = _expand(path, self.home)
        fs.write(self.world, self.machine, full, out.getvalue().rstrip("\n") + "\n", now=now, make_parents=True)


def _expand(path: str, home: str) -> str:
    if path == "~" or path.startswith("~/"):
        return home + path[1:]
    return path


def mask(value: str | None) -> str:
    if not value:
        return "<not set>"
    return "*" * 16 + value[-4:]
