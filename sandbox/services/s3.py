"""Amazon S3: buckets, objects and bucket policies.

A bucket policy is a resource-based policy: within the account, a grant that names the
user (or role session) allows on its own; across accounts the caller's identity-based
policies and the bucket policy must both allow; an explicit Deny in either wins. Bucket
names are global: some names belong to other (simulated) AWS accounts. ``aws s3 ls
s3://b`` calls ListObjectsV2, authorized as ``s3:ListBucket`` with ``s3:prefix``.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import mimetypes
import re

from sandbox.errors import AwsError
from sandbox.policy import RESOURCE, PolicyRef
from sandbox.policy.wildcard import arn_match
from sandbox.services import principals, regions
from sandbox.services.gateway import CallContext
from sandbox.services.iam.common import iso, require
from sandbox.services.registry import operation

# names taken in the shared namespace by other (simulated) accounts
TAKEN = {"test", "bucket", "my-bucket", "mybucket", "data", "backup", "backups", "images", "logs", "aws", "amazon",
         "example", "photos", "files", "public", "static", "assets", "www", "web", "demo", "hello-world"}
OTHER_ACCOUNT = "444455556666"
_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


def check_bucket_name(name: str) -> None:
    bad = (not _NAME.match(name or "") or ".." in name or name.startswith("xn--") or name.startswith("sthree-")
           or name.endswith("-s3alias") or name.endswith("--ol-s3") or ".-" in name or "-." in name)
    if not bad:
        try:
            ipaddress.ip_address(name)
            bad = True
        except ValueError:
            pass
    if bad:
        raise AwsError("InvalidBucketName", "The specified bucket is not valid.")


def bucket_arn(name: str) -> str:
    return f"arn:aws:s3:::{name}"


def object_arn(bucket: str, key: str) -> str:
    return f"arn:aws:s3:::{bucket}/{key}"


def _policy_ref(bucket: dict | None) -> PolicyRef | None:
    if not bucket or not bucket.get("Policy"):
        return None
    return principals.stored_ref(bucket["Policy"], "BucketPolicy", "resource", f"bucket policy of {bucket['Name']}",
                                 RESOURCE)


def _target(ctx: CallContext, bucket_name: str, key: str | None) -> tuple[str, dict]:
    """The resource of an S3 request and what authorizes it beside the caller's policies:
    the bucket's policy as the resource-based policy, and the bucket owner's account."""
    bucket = ctx.world["buckets"].get(bucket_name)
    resource = bucket_arn(bucket_name) if key is None else object_arn(bucket_name, key)
    owner = bucket["Owner"] if bucket else (OTHER_ACCOUNT if bucket_name in TAKEN else ctx.account)
    return resource, {"resource_policy": _policy_ref(bucket), "resource_account": owner, "quote_resource": True}


def authorize(ctx: CallContext, action: str, bucket_name: str, key: str | None = None, context: dict | None = None):
    """Authorize an S3 action with the bucket's policy as the resource-based policy."""
    resource, target = _target(ctx, bucket_name, key)
    return _require(ctx, action, resource, context, **target)


def allows(ctx: CallContext, action: str, bucket_name: str, key: str | None = None) -> bool:
    """Whether ``authorize`` would let the request through (the decision is made and shown
    all the same), for an answer that depends on a permission rather than needing it."""
    resource, target = _target(ctx, bucket_name, key)
    return ctx.check(action, resource, **target).allowed


def _require(ctx: CallContext, action: str, resource: str, context: dict | None = None, **kwargs):
    """``ctx.require``; an anonymous caller is told only ``Access Denied``, as S3 does."""
    try:
        return ctx.require(action, resource, context, **kwargs)
    except AwsError as exc:
        if ctx.caller.kind == "anonymous":
            raise AwsError("AccessDenied", "Access Denied", 403) from None
        raise exc


def get_bucket(ctx: CallContext, name: str) -> dict:
    bucket = ctx.world["buckets"].get(name)
    if bucket is None or bucket["Name"] != name:
        raise AwsError("NoSuchBucket", "The specified bucket does not exist", 404)
    return bucket


def etag(body: bytes) -> str:
    return '"' + hashlib.md5(body).hexdigest() + '"'


def body_bytes(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def stored_body(row: dict) -> bytes:
    if row.get("BodyB64") is not None:
        return base64.b64decode(row["BodyB64"])
    return row.get("Body", "").encode()


def store_object(ctx: CallContext, bucket: str, key: str, body: bytes, content_type: str | None = None) -> dict:
    try:
        text = body.decode("utf-8")
        fields = {"Body": text, "BodyB64": None}
    except UnicodeDecodeError:
        fields = {"Body": None, "BodyB64": base64.b64encode(body).decode()}
    row = {"Key": f"{bucket}/{key}", "Bucket": bucket, "ObjectKey": key, "Size": len(body),
           "LastModified": iso(ctx.now()), "ETag": etag(body), "ContentType": content_type or _guess_type(key),
           **fields}
    ctx.world["objects"].put(row)
    return row


def _python_types() -> mimetypes.MimeTypes:
    """Python's own table of types: ``guess_type`` (and a ``MimeTypes`` made while the module
    is not initialised) would first read this computer's /etc/mime.types."""
    was = mimetypes.inited
    mimetypes.inited = True
    try:
        return mimetypes.MimeTypes()
    finally:
        mimetypes.inited = was


_TYPES = _python_types()


def _guess_type(key: str) -> str:
    return _TYPES.guess_type(key)[0] or "binary/octet-stream"


def objects_in(ctx: CallContext, bucket: str) -> list[dict]:
    return ctx.world["objects"].where(lambda o: o["Bucket"] == bucket)


# -- buckets --------------------------------------------------------------------------------------

@operation("s3", "ListBuckets", mutates=False)
def list_buckets(ctx: CallContext, p: dict) -> dict:
    _require(ctx, "s3:ListAllMyBuckets", "*")
    rows = sorted((b for b in ctx.world["buckets"].all() if b["Owner"] == ctx.account), key=lambda b: b["Name"])
    return {"Buckets": [{"Name": b["Name"], "CreationDate": b["CreationDate"]} for b in rows],
            "Owner": {"DisplayName": "learner", "ID": hashlib.sha256(ctx.account.encode()).hexdigest()}}


def bucket_region(ctx: CallContext, p: dict) -> str:
    """The Region of a new bucket: its ``LocationConstraint``, checked against the Region the
    request was sent to.

    Without a constraint a bucket is created in us-east-1, and only a request sent to
    us-east-1 may omit it; a request sent to another Region must name that Region. The
    us-east-1 endpoint accepts any other Region's constraint. ``us-east-1`` itself is not a
    valid constraint (S3 API reference, CreateBucketConfiguration; the messages are S3's).
    """
    constraint = (p.get("CreateBucketConfiguration") or {}).get("LocationConstraint")
    sent_to = ctx.origin.region or regions.DEFAULT
    if constraint is not None and (constraint not in regions.REGIONS or constraint == regions.DEFAULT):
        raise AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid")
    if sent_to != regions.DEFAULT and constraint != sent_to:
        raise AwsError("IllegalLocationConstraintException",
                       f"The {constraint or 'unspecified'} location constraint is incompatible for the region "
                       "specific endpoint this request was sent to.")
    return constraint or regions.DEFAULT


@operation("s3", "CreateBucket")
def create_bucket(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    check_bucket_name(name)
    region = bucket_region(ctx, p)
    _require(ctx, "s3:CreateBucket", bucket_arn(name), quote_resource=True)
    existing = ctx.world["buckets"].get(name)
    if existing is not None and existing["Owner"] == ctx.account:
        raise AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you "
                                                  "already own it.", 409)
    if existing is not None or name in TAKEN:
        raise AwsError("BucketAlreadyExists", "The requested bucket name is not available. The bucket namespace is "
                                              "shared by all users of the system. Please select a different name and "
                                              "try again.", 409)
    ctx.world["buckets"].put({"Name": name, "CreationDate": iso(ctx.now()), "Region": region, "Owner": ctx.account,
                              "Policy": None, "Tags": []})
    # S3 answers "/NAME" for a us-east-1 bucket and the bucket's virtual-hosted URL for the others
    return {"Location": f"/{name}" if region == regions.DEFAULT else f"http://{name}.s3.amazonaws.com/"}


@operation("s3", "DeleteBucket")
def delete_bucket(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    authorize(ctx, "s3:DeleteBucket", name)
    get_bucket(ctx, name)
    if objects_in(ctx, name):
        raise AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409)
    ctx.world["buckets"].delete(name)
    return {}


@operation("s3", "HeadBucket", mutates=False)
def head_bucket(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    try:
        authorize(ctx, "s3:ListBucket", name)
    except AwsError:
        raise AwsError("403", "Forbidden", 403) from None
    if ctx.world["buckets"].get(name) is None:
        raise AwsError("404", "Not Found", 404)
    return {"BucketRegion": ctx.world["buckets"].get(name)["Region"]}


@operation("s3", "GetBucketLocation", mutates=False)
def get_bucket_location(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    authorize(ctx, "s3:GetBucketLocation", name)
    region = get_bucket(ctx, name)["Region"]
    # "Buckets in Region us-east-1 have a LocationConstraint of null" (S3 API reference, GetBucketLocation)
    return {"LocationConstraint": None if region == regions.DEFAULT else region}


# -- bucket policies ---------------------------------------------------------------------------------

@operation("s3", "PutBucketPolicy")
def put_bucket_policy(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    raw = require(p, "Policy")
    text = raw if isinstance(raw, str) else json.dumps(raw)
    authorize(ctx, "s3:PutBucketPolicy", name)
    get_bucket(ctx, name)
    try:
        policy = principals.parsed(text, RESOURCE)
    except AwsError as exc:
        message = exc.message
        if message.startswith("Syntax errors in policy.") and " at line " in message:
            message = "Policies must be valid JSON and the first byte must be '{'"
        elif message == "Policy statement must contain resources.":
            message = "Missing required field Resource"
        raise AwsError("MalformedPolicy", message) from None
    for st in policy.statements:
        for res in st.resource_texts or []:
            if res != "*" and not (res == bucket_arn(name) or res.startswith(bucket_arn(name) + "/")
                                   or _pattern_covers(res, name)):
                raise AwsError("MalformedPolicy", "Policy has invalid resource")
        for action in st.actions:
            if action != "*" and not action.lower().startswith("s3:"):
                raise AwsError("MalformedPolicy", "Policy has invalid action")
        # principals of this account are resolved when the policy is saved, as IAM does
        for arn in sorted((st.principal.arns | st.principal.roles) if st.principal is not None else ()):
            kind = arn.split(":", 5)[5].split("/", 1)[0] if arn.count(":") >= 5 else ""
            table = {"user": "users", "role": "roles"}.get(kind)
            if f":{ctx.account}:" in arn and table and not ctx.world[table].exists(arn.rsplit("/", 1)[-1]):
                raise AwsError("MalformedPolicy", "Invalid principal in policy")
    ctx.world["buckets"].put({**get_bucket(ctx, name), "Policy": text})
    return {}


def _pattern_covers(pattern: str, bucket: str) -> bool:
    return arn_match(pattern, bucket_arn(bucket)) or arn_match(pattern, object_arn(bucket, "x"))


@operation("s3", "GetBucketPolicy", mutates=False)
def get_bucket_policy(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    authorize(ctx, "s3:GetBucketPolicy", name)
    bucket = get_bucket(ctx, name)
    if not bucket.get("Policy"):
        raise AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404)
    return {"Policy": bucket["Policy"]}


@operation("s3", "DeleteBucketPolicy")
def delete_bucket_policy(ctx: CallContext, p: dict) -> dict:
    name = require(p, "Bucket")
    authorize(ctx, "s3:DeleteBucketPolicy", name)
    ctx.world["buckets"].put({**get_bucket(ctx, name), "Policy": None})
    return {}


# -- objects ------------------------------------------------------------------------------------------

@operation("s3", "PutObject")
def put_object(ctx: CallContext, p: dict) -> dict:
    bucket, key = require(p, "Bucket"), require(p, "Key")
    context = {}
    if p.get("ServerSideEncryption"):
        context["s3:x-amz-server-side-encryption"] = p["ServerSideEncryption"]
    if p.get("ACL"):
        context["s3:x-amz-acl"] = p["ACL"]
    authorize(ctx, "s3:PutObject", bucket, key, context)
    get_bucket(ctx, bucket)
    row = store_object(ctx, bucket, key, body_bytes(p.get("Body")), p.get("ContentType"))
    out = {"ETag": row["ETag"]}
    if p.get("ServerSideEncryption"):
        out["ServerSideEncryption"] = p["ServerSideEncryption"]
    return out


def _object(ctx: CallContext, bucket: str, key: str) -> dict:
    get_bucket(ctx, bucket)
    row = ctx.world["objects"].get(f"{bucket}/{key}")
    if row is None or row["ObjectKey"] != key:
        # "If the object that you request doesn't exist, the error that Amazon S3 returns
        # depends on whether you also have the s3:ListBucket permission": 404 with it, 403
        # without (S3 API Reference, GetObject and HeadObject, Permissions). The check is
        # a real authorization, shown in the decisions pane like any other.
        if not allows(ctx, "s3:ListBucket", bucket):
            raise AwsError("AccessDenied", "Access Denied", 403)
        raise AwsError("NoSuchKey", "The specified key does not exist.", 404)
    return row


def _head(row: dict) -> dict:
    return {"AcceptRanges": "bytes", "LastModified": row["LastModified"], "ContentLength": row["Size"],
            "ETag": row["ETag"], "ContentType": row.get("ContentType") or "binary/octet-stream", "Metadata": {}}


@operation("s3", "GetObject", mutates=False)
def get_object(ctx: CallContext, p: dict) -> dict:
    bucket, key = require(p, "Bucket"), require(p, "Key")
    authorize(ctx, "s3:GetObject", bucket, key)
    row = _object(ctx, bucket, key)
    return {**_head(row), "Body": stored_body(row)}


@operation("s3", "HeadObject", mutates=False)
def head_object(ctx: CallContext, p: dict) -> dict:
    bucket, key = require(p, "Bucket"), require(p, "Key")
    try:
        authorize(ctx, "s3:GetObject", bucket, key)
    except AwsError:
        raise AwsError("403", "Forbidden", 403) from None
    try:
        return _head(_object(ctx, bucket, key))
    except AwsError as exc:  # a HEAD response has no body: the status alone
        raise (AwsError("403", "Forbidden", 403) if exc.status == 403 else AwsError("404", "Not Found", 404)) from None


@operation("s3", "DeleteObject")
def delete_object(ctx: CallContext, p: dict) -> dict:
    bucket, key = require(p, "Bucket"), require(p, "Key")
    authorize(ctx, "s3:DeleteObject", bucket, key)
    get_bucket(ctx, bucket)
    ctx.world["objects"].delete(f"{bucket}/{key}")
    return {}


@operation("s3", "CopyObject")
def copy_object(ctx: CallContext, p: dict) -> dict:
    bucket, key = require(p, "Bucket"), require(p, "Key")
    source = require(p, "CopySource").lstrip("/")
    src_bucket, _, src_key = source.partition("/")
    authorize(ctx, "s3:GetObject", src_bucket, src_key)
    authorize(ctx, "s3:PutObject", bucket, key)
    row = _object(ctx, src_bucket, src_key)
    get_bucket(ctx, bucket)
    new = store_object(ctx, bucket, key, stored_body(row), row.get("ContentType"))
    return {"CopyObjectResult": {"ETag": new["ETag"], "LastModified": new["LastModified"]}}


def list_objects(ctx: CallContext, bucket: str, prefix: str = "", delimiter: str = "", start_after: str = "",
                 max_keys: int = 1000) -> tuple[list[dict], list[str], bool]:
    """Up to ``max_keys`` keys and common prefixes together, in key order, after ``start_after``;
    and whether more follow."""
    rows = sorted((o for o in objects_in(ctx, bucket) if o["ObjectKey"].startswith(prefix)),
                  key=lambda o: o["ObjectKey"])
    contents: list[dict] = []
    prefixes: list[str] = []
    seen: set[str] = set()  # a set: a bucket of many folders is listed in linear time
    for row in rows:
        key = row["ObjectKey"]
        if start_after and key <= start_after:
            continue
        common = None
        if delimiter:
            rest = key[len(prefix):]
            cut = rest.find(delimiter)
            if cut >= 0:
                common = prefix + rest[:cut + len(delimiter)]
                if common in seen:
                    continue
        if len(contents) + len(prefixes) >= max_keys:
            return contents, prefixes, True
        if common is not None:
            seen.add(common)
            prefixes.append(common)
        else:
            contents.append(row)
    return contents, prefixes, False


def _continuation(after: str) -> str:
    """An opaque continuation token: where the next page starts (base64, as S3's look)."""
    return base64.b64encode(after.encode("utf-8")).decode("ascii")


def _continue_after(token: str) -> str:
    try:
        return base64.b64decode(token.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError):
        raise AwsError("InvalidArgument", "The continuation token provided is incorrect", 400) from None


@operation("s3", "ListObjectsV2", mutates=False)
def list_objects_v2(ctx: CallContext, p: dict) -> dict:
    """One page of keys (MaxKeys, default 1000); when there are more, NextContinuationToken,
    which ContinuationToken takes back (S3 API Reference, ListObjectsV2)."""
    bucket = require(p, "Bucket")
    prefix = p.get("Prefix") or ""
    delimiter = p.get("Delimiter") or ""
    max_keys = int(p.get("MaxKeys") if p.get("MaxKeys") is not None else 1000)
    context = {"s3:prefix": prefix, "s3:max-keys": str(max_keys)}
    if delimiter:
        context["s3:delimiter"] = delimiter
    authorize(ctx, "s3:ListBucket", bucket, None, context)
    get_bucket(ctx, bucket)
    token = p.get("ContinuationToken")
    after = _continue_after(token) if token else p.get("StartAfter") or ""
    contents, prefixes, truncated = list_objects(ctx, bucket, prefix, delimiter, after, max_keys)
    out: dict = {"IsTruncated": truncated}
    if contents:
        out["Contents"] = [{"Key": o["ObjectKey"], "LastModified": o["LastModified"], "ETag": o["ETag"],
                            "Size": o["Size"], "StorageClass": "STANDARD"} for o in contents]
    out.update({"Name": bucket, "Prefix": prefix, "MaxKeys": max_keys})
    if delimiter:
        out["Delimiter"] = delimiter
    if prefixes:
        out["CommonPrefixes"] = [{"Prefix": x} for x in prefixes]
    out["KeyCount"] = len(contents) + len(prefixes)
    if token:
        out["ContinuationToken"] = token
    if truncated:
        # after the last key, or past every key under the last common prefix
        last = max([o["ObjectKey"] for o in contents] + [x + "\uffff" for x in prefixes])
        out["NextContinuationToken"] = _continuation(last)
    if p.get("StartAfter"):
        out["StartAfter"] = p["StartAfter"]
    return out
