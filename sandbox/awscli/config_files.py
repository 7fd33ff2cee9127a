"""``~/.aws/credentials`` and ``~/.aws/config`` of a sandbox machine (AWS CLI User Guide,
"Configuration and credential file settings"): profiles are read as botocore reads them
(``[profile NAME]`` in config, ``[NAME]`` in credentials, a damaged line skipped), and
``aws configure set`` writes keys to the credentials file, the rest to config.

Only the machine's own files (through the port) are read: never the host's.
"""

from __future__ import annotations

import configparser
import io
from collections.abc import Mapping
from typing import NamedTuple

from sandbox.awscli.port import MachineFiles

NO_CREDENTIALS = 'Unable to locate credentials. You can configure credentials by running "aws configure".'
NO_REGION = 'You must specify a region. You can also configure your region by running "aws configure".'
SECRET_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")


class Profile(NamedTuple):
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
    """The two files of one machine's home folder (``AWS_SHARED_CREDENTIALS_FILE`` and
    ``AWS_CONFIG_FILE`` name others)."""

    def __init__(self, files: MachineFiles, home: str, env: Mapping[str, str] | None = None):
        self.files = files
        self.home = home
        env = env or {}
        self.credentials_path = env.get("AWS_SHARED_CREDENTIALS_FILE") or f"{home}/.aws/credentials"
        self.config_path = env.get("AWS_CONFIG_FILE") or f"{home}/.aws/config"
        self._parsed: dict[str, configparser.ConfigParser] = {}  # read once per command, until written

    def _read(self, path: str) -> configparser.ConfigParser:
        if path not in self._parsed:
            try:
                text = self.files.read_text(_expand(path, self.home))
            except OSError:
                text = ""
            self._parsed[path] = _parse(text)
        return self._parsed[path]

    def credentials(self) -> configparser.ConfigParser:
        return self._read(self.credentials_path)

    def config(self) -> configparser.ConfigParser:
        return self._read(self.config_path)

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

    def set_value(self, profile: str, key: str, value: str) -> None:
        self.set_values(profile, {key: value})

    def set_values(self, profile: str, values: dict[str, str]) -> None:
        """``aws configure set``: keys go to the credentials file, the rest to config;
        each file is written once."""
        secrets = {k: v for k, v in values.items() if k in SECRET_KEYS}
        settings = {k: v for k, v in values.items() if k not in SECRET_KEYS}
        if secrets:
            self._write(self.credentials_path, self.credentials(), profile, secrets)
        if settings:
            section = profile if profile == "default" else f"profile {profile}"
            self._write(self.config_path, self.config(), section, settings)

    def _write(self, path: str, parser: configparser.ConfigParser, section: str, values: dict[str, str]) -> None:
        if not parser.has_section(section):
            parser.add_section(section)
        for key, value in values.items():
            parser.set(section, key, value)
        out = io.StringIO()
        parser.write(out)
        self._parsed.pop(path, None)
        self.files.write_text(_expand(path, self.home), out.getvalue().rstrip("\n") + "\n", parents=True)


def _expand(path: str, home: str) -> str:
    if path == "~" or path.startswith("~/"):
        return home + path[1:]
    return path


def mask(value: str | None) -> str:
    if not value:
        return "<not set>"
    return "*" * 16 + value[-4:]
