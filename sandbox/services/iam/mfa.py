"""Virtual MFA devices: a Base32 seed shared with an authenticator app, enabled with two
consecutive RFC 6238 codes. ``iam-sandbox mfa code SERIAL`` plays the app."""

from __future__ import annotations

from sandbox import crypto
from sandbox.errors import AwsError
from sandbox.services.gateway import CallContext
from sandbox.services.iam import common as c
from sandbox.services.iam.lookup import get_user
from sandbox.services.iam.users import user_out
from sandbox.services.registry import operation
from sandbox.world import ids

ROOT = "root"


def device_label(world, device: dict) -> str:
    owner = device.get("User") or device["SerialNumber"].rsplit("/", 1)[-1]
    return f"{owner}@{world.meta.get('alias') or world.account_id}"


@operation("iam", "CreateVirtualMFADevice")
def create_virtual_mfa_device(ctx: CallContext, p: dict) -> dict:
    name = c.check_name(c.require(p, "VirtualMFADeviceName"), "virtualMFADeviceName")
    path = c.check_path(p.get("Path"))
    serial = c.arn(ctx.account, "mfa", name, path)
    ctx.require("iam:CreateVirtualMFADevice", serial)
    devices = ctx.world["mfa_devices"]
    if devices.exists(serial):
        raise c.already_exists("mfa", name)
    seed = ids.mfa_seed()
    device = {"SerialNumber": serial, "Seed": seed, "User": None, "EnableDate": None, "Tags": c.tags_in(p),
              "CreateDate": c.iso(ctx.now())}
    devices.put(device)
    uri = crypto.otpauth_uri(seed, device_label(ctx.world, {"SerialNumber": serial}))
    return {"VirtualMFADevice": {"SerialNumber": serial, "Base32StringSeed": seed, "OtpauthUri": uri}}


def _device(ctx: CallContext, serial: str) -> dict:
    device = ctx.world["mfa_devices"].get(serial)
    if device is None:
        raise AwsError("NoSuchEntity", f"VirtualMFADevice with serial number {serial} doesn't exist.", 404)
    return device


@operation("iam", "EnableMFADevice")
def enable_mfa_device(ctx: CallContext, p: dict) -> dict:
    serial = c.require(p, "SerialNumber")
    name = p.get("UserName")
    if not name:
        # the console's root flow ("Assign MFA" under My security credentials)
        if ctx.caller.kind != "root" or not ctx.caller.console:
            raise AwsError("ValidationError", "1 validation error detected: Value null at 'userName' failed to "
                                              "satisfy constraint: Member must not be null")
        ctx.require("iam:EnableMFADevice", ctx.caller.arn)
        owner = ROOT
    else:
        user = ctx.world["users"].get(name)
        ctx.require("iam:EnableMFADevice", user["Arn"] if user else c.arn(ctx.account, "user", name))
        owner = get_user(ctx, name)["UserName"]
    device = _device(ctx, serial)
    if device.get("User"):
        raise AwsError("EntityAlreadyExists", "MFA Device is already in use.", 409)
    code1, code2 = c.require(p, "AuthenticationCode1"), c.require(p, "AuthenticationCode2")
    if not crypto.verify_pair(device["Seed"], code1, code2, ctx.now()):
        raise AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403)
    if owner == ROOT:
        root = dict(ctx.world.meta.get("root") or {})
        if root.get("MFASerial"):
            raise AwsError("LimitExceeded", "The root user already has an MFA device assigned.", 409)
        root["MFASerial"] = serial
        ctx.world.set_meta(root=root)
    else:
        user = get_user(ctx, owner)
        if len(user.get("MFADevices", [])) >= c.MFA_DEVICES_PER_USER:
            raise c.limit_exceeded("MFADevicesPerUser", c.MFA_DEVICES_PER_USER)
        ctx.world["users"].put({**user, "MFADevices": user.get("MFADevices", []) + [serial]})
    ctx.world["mfa_devices"].put({**device, "User": owner, "EnableDate": c.iso(ctx.now())})
    return {}


@operation("iam", "ListMFADevices", mutates=False)
def list_mfa_devices(ctx: CallContext, p: dict) -> dict:
    name = p.get("UserName")
    if not name:
        if ctx.caller.kind == "root":
            ctx.require("iam:ListMFADevices", ctx.caller.arn)
            owner = ROOT
        elif ctx.caller.kind == "user":
            name = ctx.caller.user["UserName"]
        else:
            raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials")
    if name:
        user = ctx.world["users"].get(name)
        ctx.require("iam:ListMFADevices", user["Arn"] if user else c.arn(ctx.account, "user", name))
        owner = get_user(ctx, name)["UserName"]
    devices = [d for d in ctx.world["mfa_devices"].all() if (d.get("User") or "").lower() == owner.lower()]
    out = []
    for d in devices:
        item = {"SerialNumber": d["SerialNumber"], "EnableDate": d["EnableDate"]}
        if owner != ROOT:
            item = {"UserName": owner, **item}
        out.append(item)
    return {"MFADevices": out, "IsTruncated": False}


@operation("iam", "ListVirtualMFADevices", mutates=False)
def list_virtual_mfa_devices(ctx: CallContext, p: dict) -> dict:
    ctx.require("iam:ListVirtualMFADevices", "*")
    status = p.get("AssignmentStatus") or "Any"
    out = []
    for d in sorted(ctx.world["mfa_devices"].all(), key=lambda d: d["SerialNumber"]):
        assigned = bool(d.get("User"))
        if (status == "Assigned" and not assigned) or (status == "Unassigned" and assigned):
            continue
        item: dict = {"SerialNumber": d["SerialNumber"]}
        if assigned:
            if d["User"] == ROOT:
                item["User"] = {"Arn": f"arn:aws:iam::{ctx.account}:root", "UserId": ctx.account}
            else:
                user = ctx.world["users"].get(d["User"])
                if user:
                    item["User"] = user_out(user)
            item["EnableDate"] = d["EnableDate"]
        out.append(item)
    return {"VirtualMFADevices": out, "IsTruncated": False}


@operation("iam", "DeactivateMFADevice")
def deactivate_mfa_device(ctx: CallContext, p: dict) -> dict:
    serial = c.require(p, "SerialNumber")
    name = p.get("UserName")
    if not name and not (ctx.caller.kind == "root" and ctx.caller.console):
        raise AwsError("ValidationError", "1 validation error detected: Value null at 'userName' failed to satisfy "
                                          "constraint: Member must not be null")
    if name:
        user = ctx.world["users"].get(name)
        ctx.require("iam:DeactivateMFADevice", user["Arn"] if user else c.arn(ctx.account, "user", name))
        user = get_user(ctx, name)
        if serial not in user.get("MFADevices", []):
            raise AwsError("NoSuchEntity", f"Device with serial number {serial} cannot be found.", 404)
        ctx.world["users"].put({**user, "MFADevices": [s for s in user["MFADevices"] if s != serial]})
    else:
        ctx.require("iam:DeactivateMFADevice", ctx.caller.arn)
        root = dict(ctx.world.meta.get("root") or {})
        if root.get("MFASerial") != serial:
            raise AwsError("NoSuchEntity", f"Device with serial number {serial} cannot be found.", 404)
        root["MFASerial"] = None
        ctx.world.set_meta(root=root)
    device = ctx.world["mfa_devices"].get(serial)
    if device:
        ctx.world["mfa_devices"].put({**device, "User": None, "EnableDate": None})
    return {}


@operation("iam", "DeleteVirtualMFADevice")
def delete_virtual_mfa_device(ctx: CallContext, p: dict) -> dict:
    serial = c.require(p, "SerialNumber")
    ctx.require("iam:DeleteVirtualMFADevice", serial)
    device = _device(ctx, serial)
    if device.get("User"):
        raise c.delete_conflict("MFA device is still in use: deactivate it before deleting it.")
    ctx.world["mfa_devices"].delete(serial)
    return {}


# AWS re-synchronises the device's clock drift on its side; the sandbox accepts codes within
# a fixed window and keeps no drift, so a resync changes nothing (nothing to undo)
@operation("iam", "ResyncMFADevice", mutates=False)
def resync_mfa_device(ctx: CallContext, p: dict) -> dict:
    name = c.require(p, "UserName")
    user = ctx.world["users"].get(name)
    ctx.require("iam:ResyncMFADevice", user["Arn"] if user else c.arn(ctx.account, "user", name))
    get_user(ctx, name)
    device = _device(ctx, c.require(p, "SerialNumber"))
    if not crypto.verify_pair(device["Seed"], c.require(p, "AuthenticationCode1"), c.require(p, "AuthenticationCode2"),
                            ctx.now()):
        raise AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403)
    return {}
