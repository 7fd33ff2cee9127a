"""What the CLI does around some API operations, beyond sending the parameters: a table
keyed by (service, operation), as awscli's ``customizations/`` hook into botocore.

``prepare`` runs before the request: it reads or checks local files, given the parameters
and the values of the CLI's own arguments (``--outfile``, ``--bootstrap-method``); what it
returns is handed to ``finish``, which runs on the response (writes the file, takes out
what the file received).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from sandbox.awscli.local_files import LocalFiles
from sandbox.awscli.parse import ParamValidation
from sandbox.awscli.unpack import ParamError


def _unchanged(local: LocalFiles, result: dict, state: Any) -> dict:
    return result


class Customization(NamedTuple):
    prepare: Callable[[LocalFiles, dict, dict], Any]
    finish: Callable[[LocalFiles, dict, Any], dict] = _unchanged


def _body_from_file(local: LocalFiles, params: dict, extras: dict) -> None:
    """``s3api put-object --body FILE``: a streaming blob is a path to a file."""
    if isinstance(params.get("Body"), str):
        path = params["Body"]
        try:
            params["Body"] = local.read_file(path, True)
        except OSError:
            raise ParamError("--body", f"Blob values must be a path to a file{local.looked(path)}.") from None


def _outfile_target(local: LocalFiles, params: dict, extras: dict) -> str | None:
    """``s3api get-object ... OUTFILE``: where the body goes, checked before the request."""
    outfile = extras.get("outfile")
    return local.check_writable(outfile, ParamValidation) if outfile is not None else None


def _body_to_outfile(local: LocalFiles, result: dict, path: str | None) -> dict:
    if path is None or "Body" not in result:
        return result
    result = dict(result)
    body = result.pop("Body")
    local.write(path, body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body))
    return result


def _bootstrap_target(local: LocalFiles, params: dict, extras: dict) -> tuple[str | None, str | None]:
    """``iam create-virtual-mfa-device --outfile F --bootstrap-method M``."""
    return _outfile_target(local, params, extras), extras.get("bootstrap-method")


def _bootstrap_to_outfile(local: LocalFiles, result: dict, target: tuple[str | None, str | None]) -> dict:
    """The seed or the otpauth URI goes to the file, never to standard output."""
    path, method = target
    device = dict(result.get("VirtualMFADevice", {}))
    seed = device.pop("Base32StringSeed", "")
    uri = device.pop("OtpauthUri", "")
    if path:
        local.write(path, (seed if method == "Base32StringSeed" else uri) + "\n")
    return {"VirtualMFADevice": device}


CUSTOMIZATIONS: dict[tuple[str, str], Customization] = {
    ("s3", "PutObject"): Customization(_body_from_file),
    ("s3", "GetObject"): Customization(_outfile_target, _body_to_outfile),
    ("iam", "CreateVirtualMFADevice"): Customization(_bootstrap_target, _bootstrap_to_outfile),
}
