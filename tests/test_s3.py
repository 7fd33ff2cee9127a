"""``aws s3`` and ``aws s3api`` in the sandbox terminal: what the CLI prints, S3's bucket
name rules and global namespace, and bucket policies (deny wins, same-account grants,
cross-account grants that need both sides, anonymous access, conditions)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from shellhelp import Term, doc, foreign_bucket, q

BUCKET = "experimenting-aws"
ARN = f"arn:aws:s3:::{BUCKET}"


def when(iso_text: str) -> str:
    return datetime.fromisoformat(iso_text).strftime("%Y-%m-%d %H:%M:%S")


def user(lap: Term, name: str, *statements: dict) -> Term:
    """A user (with an inline policy if statements are given) in a terminal exporting its keys."""
    lap.ok(f"aws iam create-user --user-name {name}")
    if statements:
        lap.ok(f"aws iam put-user-policy --user-name {name} --policy-name p --policy-document {q(doc(*statements))}")
    key = lap.json(f"aws iam create-access-key --user-name {name}")["AccessKey"]
    term = Term(lap.world)
    term.ok(f"export AWS_ACCESS_KEY_ID={key['AccessKeyId']} AWS_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
    return term


def bucket_policy(lap: Term, *statements: dict, bucket: str = BUCKET) -> None:
    lap.ok(f"aws s3api put-bucket-policy --bucket {bucket} --policy {q(doc(*statements))}")


def site(lap: Term) -> None:
    """A local folder ``site`` with two files, uploaded under ``site/`` in the bucket."""
    lap.ok('mkdir -p site/css; echo "<h1>hi</h1>" > site/index.html; echo "body{}" > site/css/main.css')
    lap.ok(f"aws s3 cp site s3://{BUCKET}/site/ --recursive")


# -- aws s3 ls ----------------------------------------------------------------------------------------

def test_ls_buckets_line_format(world, lap):
    created = world["buckets"].get(BUCKET)["CreationDate"]
    ran = lap.ok("aws s3 ls")
    assert ran.out == f"{when(created)} {BUCKET}\n"
    lap.ok("aws s3 mb s3://zz-second-bucket")
    lines = lap.ok("aws s3 ls").lines
    assert [line[20:] for line in lines] == [BUCKET, "zz-second-bucket"]
    assert lines[1][:19] == when(world["buckets"].get("zz-second-bucket")["CreationDate"])


def test_ls_objects_and_prefixes(world, lap):
    site(lap)
    hello = world["objects"].get(f"{BUCKET}/hello.txt")
    index = world["objects"].get(f"{BUCKET}/site/index.html")
    css = world["objects"].get(f"{BUCKET}/site/css/main.css")
    assert lap.ok(f"aws s3 ls s3://{BUCKET}").out == (
        f"{' ' * 27}PRE site/\n"
        f"{when(hello['LastModified'])}         24 hello.txt\n")
    assert lap.ok(f"aws s3 ls s3://{BUCKET}/site/").out == (
        "                           PRE css/\n"
        f"{when(index['LastModified'])}         12 index.html\n")
    assert lap.ok(f"aws s3 ls s3://{BUCKET}/site/in").out == f"{when(index['LastModified'])}         12 index.html\n"
    assert lap.ok(f"aws s3 ls s3://{BUCKET} --recursive").out == (
        f"{when(hello['LastModified'])}         24 hello.txt\n"
        f"{when(css['LastModified'])}          7 site/css/main.css\n"
        f"{when(index['LastModified'])}         12 site/index.html\n")
    ran = lap.run(f"aws s3 ls s3://{BUCKET}/nothing-here")
    assert (ran.status, ran.out, ran.err) == (1, "", "")


def test_ls_human_readable_and_summarize(world, lap):
    lap.ok("echo " + "x" * 2047 + " > big.txt")
    lap.ok(f"aws s3 cp big.txt s3://{BUCKET}/big.txt")
    lines = lap.ok(f"aws s3 ls s3://{BUCKET} --human-readable --summarize").lines
    assert [line[19:] for line in lines[:2]] == ["    2.0 KiB big.txt", "   24 Bytes hello.txt"]
    assert lines[2:] == ["", "Total Objects: 2", "   Total Size: 2.0 KiB"]
    assert lap.ok(f"aws s3 ls s3://{BUCKET} --summarize").lines[-2:] == ["Total Objects: 2", "   Total Size: 2072"]
    lap.ok("echo > one.txt")
    lap.ok(f"aws s3 cp one.txt s3://{BUCKET}/one.txt")
    assert lap.ok(f"aws s3 ls s3://{BUCKET}/one.txt --human-readable").out[19:] == "     1 Byte one.txt\n"


# -- aws s3 cp / mv / rm / mb / rb -------------------------------------------------------------------

def test_cp_upload_download_and_copy(world, lap):
    lap.ok('echo "Hello again" > hello2.txt')
    assert lap.ok(f"aws s3 cp hello2.txt s3://{BUCKET}").out == f"upload: ./hello2.txt to s3://{BUCKET}/hello2.txt\n"
    assert lap.ok(f"aws s3 cp hello2.txt s3://{BUCKET}/notes/h.txt").out == \
        f"upload: ./hello2.txt to s3://{BUCKET}/notes/h.txt\n"
    assert lap.ok(f"aws s3 cp s3://{BUCKET}/hello.txt .").out == f"download: s3://{BUCKET}/hello.txt to ./hello.txt\n"
    assert lap.ok("cat hello.txt").out == "Hello v1 from my laptop\n"
    lap.ok("mkdir got")
    assert lap.ok(f"aws s3 cp s3://{BUCKET}/notes/h.txt got/").out == \
        f"download: s3://{BUCKET}/notes/h.txt to got/h.txt\n"
    assert lap.ok("cat got/h.txt").out == "Hello again\n"
    assert lap.ok(f"aws s3 cp s3://{BUCKET}/hello.txt s3://{BUCKET}/copies/").out == \
        f"copy: s3://{BUCKET}/hello.txt to s3://{BUCKET}/copies/hello.txt\n"
    assert lap.ok(f"cd got; aws s3 cp ../hello2.txt s3://{BUCKET}/up.txt").out == \
        f"upload: ../hello2.txt to s3://{BUCKET}/up.txt\n"
    row = world["objects"].get(f"{BUCKET}/copies/hello.txt")
    assert row["Body"] == "Hello v1 from my laptop\n"
    # "-" streams the object to standard output
    assert lap.ok(f"aws s3 cp s3://{BUCKET}/copies/hello.txt -").out == "Hello v1 from my laptop\n"


def test_cp_errors(lap):
    ran = lap.run(f"aws s3 cp nofile.txt s3://{BUCKET}/")
    assert (ran.status, ran.err) == (255, "\nThe user-provided path nofile.txt does not exist.\n")
    # the CLI asks for a single source object with HeadObject first (awscli's FileGenerator,
    # _list_single_object), so a missing key or a refusal is a fatal error of HeadObject
    ran = lap.run(f"aws s3 cp s3://{BUCKET}/nope.txt .")
    assert ran.status == 1
    assert ran.err == 'fatal error: An error occurred (404) when calling the HeadObject operation: Key "nope.txt" ' \
                      "does not exist\n"
    ran = lap.run(f"aws s3 cp s3://{BUCKET}/nope.txt s3://{BUCKET}/copy.txt")
    assert ran.status == 1 and "(404) when calling the HeadObject operation" in ran.err
    assert lap.ok(f"aws s3 cp s3://{BUCKET}/hello.txt . --dryrun").out == \
        f"(dryrun) download: s3://{BUCKET}/hello.txt to ./hello.txt\n"
    ran = lap.run("aws s3 cp hello.txt s3://no-such-bucket-4821/")
    assert ran.status == 1
    assert ran.err == ("upload failed: ./hello.txt to s3://no-such-bucket-4821/hello.txt An error occurred "
                       "(NoSuchBucket) when calling the PutObject operation: The specified bucket does not exist\n")


def test_cp_recursive_both_ways(lap):
    site(lap)
    assert lap.ok(f"aws s3 ls s3://{BUCKET}/site/ --recursive").out.count("\n") == 2
    ran = lap.ok(f"aws s3 cp s3://{BUCKET}/site back --recursive")
    assert ran.out == (f"download: s3://{BUCKET}/site/css/main.css to back/css/main.css\n"
                       f"download: s3://{BUCKET}/site/index.html to back/index.html\n")
    assert lap.ok("cat back/css/main.css back/index.html").out == "body{}\n<h1>hi</h1>\n"
    ran = lap.ok("aws s3 cp site s3://experimenting-aws/again/ --recursive")
    assert ran.out == (f"upload: site/css/main.css to s3://{BUCKET}/again/css/main.css\n"
                       f"upload: site/index.html to s3://{BUCKET}/again/index.html\n")


def test_mv_and_rm(world, lap):
    lap.ok("echo moving > m.txt")
    assert lap.ok(f"aws s3 mv m.txt s3://{BUCKET}/").out == f"move: ./m.txt to s3://{BUCKET}/m.txt\n"
    assert lap.run("cat m.txt").status == 1
    assert lap.ok(f"aws s3 mv s3://{BUCKET}/m.txt s3://{BUCKET}/n.txt").out == \
        f"move: s3://{BUCKET}/m.txt to s3://{BUCKET}/n.txt\n"
    assert lap.ok(f"aws s3 mv s3://{BUCKET}/n.txt back.txt").out == f"move: s3://{BUCKET}/n.txt to ./back.txt\n"
    assert lap.ok("cat back.txt").out == "moving\n"
    assert world["objects"].get(f"{BUCKET}/n.txt") is None
    assert lap.ok(f"aws s3 rm s3://{BUCKET}/hello.txt").out == f"delete: s3://{BUCKET}/hello.txt\n"
    site(lap)
    assert lap.ok(f"aws s3 rm s3://{BUCKET}/site/ --recursive").out == (
        f"delete: s3://{BUCKET}/site/css/main.css\ndelete: s3://{BUCKET}/site/index.html\n")
    # through the CLI's paginator only the result keys and the non-aggregate keys RequestCharged and
    # Prefix are left (botocore's paginator for ListObjectsV2); the page itself says KeyCount 0
    assert lap.json(f"aws s3api list-objects-v2 --bucket {BUCKET}") == {"RequestCharged": None, "Prefix": ""}
    left = lap.json(f"aws s3api list-objects-v2 --bucket {BUCKET} --no-paginate")
    assert left["KeyCount"] == 0 and "Contents" not in left


def test_mb_and_rb(world, lap):
    assert lap.ok("aws s3 mb s3://learner-bucket-2024").out == "make_bucket: learner-bucket-2024\n"
    assert world["buckets"].get("learner-bucket-2024")["Owner"] == world.account_id
    assert lap.ok("aws s3 rb s3://learner-bucket-2024").out == "remove_bucket: learner-bucket-2024\n"
    ran = lap.run(f"aws s3 rb s3://{BUCKET}")
    assert (ran.status, ran.out) == (1, "")
    assert ran.err == (f"remove_bucket failed: s3://{BUCKET} An error occurred (BucketNotEmpty) when calling the "
                       "DeleteBucket operation: The bucket you tried to delete is not empty\n")
    ran = lap.ok(f"aws s3 rb s3://{BUCKET} --force")
    assert ran.out == f"delete: s3://{BUCKET}/hello.txt\nremove_bucket: {BUCKET}\n"
    assert lap.ok("aws s3 ls").out == ""
    ran = lap.run("aws s3 mb s3://test")
    assert (ran.status, ran.out) == (1, "")
    assert ran.err == ("make_bucket failed: s3://test An error occurred (BucketAlreadyExists) when calling the "
                       "CreateBucket operation: The requested bucket name is not available. The bucket namespace is "
                       "shared by all users of the system. Please select a different name and try again.\n")
    ran = lap.run("aws s3 mb s3://Bad_Name")
    assert (ran.status, ran.err) == (1, "make_bucket failed: s3://Bad_Name An error occurred (InvalidBucketName) "
                                        "when calling the CreateBucket operation: The specified bucket is not valid.\n")
    ran = lap.run("aws s3 mb learner-bucket")
    assert (ran.status, ran.err) == (252, "\n<S3Uri>\nError: Invalid argument type\n")


def test_upload_refused_prints_the_aws_form_and_exits_1(world, lap):
    reader = user(lap, "reader", {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"})
    reader.ok("echo x > x.txt")
    assert reader.ok(f"aws s3 ls s3://{BUCKET}").out.endswith(" hello.txt\n")
    ran = reader.run(f"aws s3 cp x.txt s3://{BUCKET}/x.txt")
    assert (ran.status, ran.out) == (1, "")
    assert ran.err == (
        f"upload failed: ./x.txt to s3://{BUCKET}/x.txt An error occurred (AccessDenied) when calling the PutObject "
        f"operation: User: arn:aws:iam::{world.account_id}:user/reader is not authorized to perform: s3:PutObject on "
        f'resource: "{ARN}/x.txt" because no identity-based policy allows the s3:PutObject action\n')


# -- aws s3api ----------------------------------------------------------------------------------------

def test_s3api_bucket_and_object_operations(world, lap):
    assert lap.json("aws s3api create-bucket --bucket learner-api-bucket") == {"Location": "/learner-api-bucket"}
    names = lap.json("aws s3api list-buckets --query 'Buckets[].Name'")
    assert names == [BUCKET, "learner-api-bucket"]
    assert lap.json("aws s3api head-bucket --bucket learner-api-bucket") == {"BucketRegion": "us-east-1"}

    lap.ok("echo body > b.txt")
    put = lap.json("aws s3api put-object --bucket learner-api-bucket --key docs/b.txt --body b.txt")
    assert put == {"ETag": '"ae6ba5b4c6eb1efd4a9fac3708046cbe"'}  # md5 of "body\n"
    head = lap.json("aws s3api head-object --bucket learner-api-bucket --key docs/b.txt")
    assert head["ContentLength"] == 5 and head["ETag"] == put["ETag"] and head["ContentType"] == "text/plain"
    got = lap.json("aws s3api get-object --bucket learner-api-bucket --key docs/b.txt out.txt")
    assert got["ContentLength"] == 5 and "Body" not in got
    assert lap.ok("cat out.txt").out == "body\n"
    listed = lap.json("aws s3api list-objects-v2 --bucket learner-api-bucket")
    assert [(o["Key"], o["Size"], o["StorageClass"]) for o in listed["Contents"]] == [("docs/b.txt", 5, "STANDARD")]
    assert "KeyCount" not in listed and lap.json("aws s3api list-objects-v2 --bucket learner-api-bucket "
                                                  "--no-paginate --query KeyCount") == 1
    prefixes = lap.json("aws s3api list-objects-v2 --bucket learner-api-bucket --delimiter /")
    assert prefixes["CommonPrefixes"] == [{"Prefix": "docs/"}] and "Contents" not in prefixes

    code, op, message = lap.aws_error("aws s3api delete-bucket --bucket learner-api-bucket")
    assert (code, op, message) == ("BucketNotEmpty", "DeleteBucket", "The bucket you tried to delete is not empty")
    assert lap.ok("aws s3api delete-object --bucket learner-api-bucket --key docs/b.txt").out == ""
    assert lap.aws_error("aws s3api head-object --bucket learner-api-bucket --key docs/b.txt")[::2] == ("404",
                                                                                                      "Not Found")
    assert lap.aws_error("aws s3api get-object --bucket learner-api-bucket --key docs/b.txt o.txt")[::2] == (
        "NoSuchKey", "The specified key does not exist.")
    assert lap.ok("aws s3api delete-bucket --bucket learner-api-bucket").out == ""
    assert lap.aws_error("aws s3api head-bucket --bucket learner-api-bucket")[::2] == ("404", "Not Found")
    assert lap.aws_error("aws s3api head-bucket --bucket test")[::2] == ("403", "Forbidden")
    ran = lap.run(f"aws s3api put-object --bucket {BUCKET} --key k --body missing.txt")
    assert (ran.status, ran.err) == (252, "\nError parsing parameter '--body': Blob values must be a path to a file.\n")


def test_the_seeded_object_has_its_real_etag(lap):
    head = lap.json(f"aws s3api head-object --bucket {BUCKET} --key hello.txt")
    assert head["ETag"] == '"c1582f987ea284ea6f4d71083aeb98c5"'  # md5 of its body
    assert head["ContentLength"] == 24


def test_bucket_policy_put_get_delete(world, lap):
    statement = {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                 "Resource": f"{ARN}/*"}
    code, op, message = lap.aws_error(f"aws s3api get-bucket-policy --bucket {BUCKET}")
    assert (code, op, message) == ("NoSuchBucketPolicy", "GetBucketPolicy", "The bucket policy does not exist")
    bucket_policy(lap, statement)
    got = lap.json(f"aws s3api get-bucket-policy --bucket {BUCKET}")
    assert json.loads(got["Policy"])["Statement"] == [statement]
    assert lap.ok(f"aws s3api delete-bucket-policy --bucket {BUCKET}").out == ""
    assert lap.aws_error(f"aws s3api get-bucket-policy --bucket {BUCKET}")[0] == "NoSuchBucketPolicy"
    code, _, message = lap.aws_error(f"aws s3api put-bucket-policy --bucket {BUCKET} --policy "
                                     + q(doc({**statement, "Resource": "arn:aws:s3:::other-bucket/*"})))
    assert (code, message) == ("MalformedPolicy", "Policy has invalid resource")
    acct = world.account_id
    code, _, message = lap.aws_error(f"aws s3api put-bucket-policy --bucket {BUCKET} --policy " + q(doc(
        {**statement, "Principal": {"AWS": f"arn:aws:iam::{acct}:user/nobody-by-this-name"}})))
    assert (code, message) == ("MalformedPolicy", "Invalid principal in policy")
    code, _, message = lap.aws_error(f"aws s3api put-bucket-policy --bucket {BUCKET} --policy " + q(doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{ARN}/*"})))
    assert (code, message) == ("MalformedPolicy", "Missing required field Principal")


@pytest.mark.parametrize("name", ["ab", "a" * 64, "Bad_Name", "UPPERCASE", "192.168.1.1", "-starts-with-dash",
                                  "ends-with-dash-", "two..dots", "xn--punycode", "name-s3alias", "dot.-dash"])
def test_invalid_bucket_names(lap, name):
    # --bucket=NAME: a value starting with a dash needs the = form, as argparse reads the CLI's arguments
    code, op, message = lap.aws_error(f"aws s3api create-bucket --bucket={name}")
    assert (code, op, message) == ("InvalidBucketName", "CreateBucket", "The specified bucket is not valid.")


def test_bucket_names_are_global(world, lap):
    assert lap.json("aws s3api create-bucket --bucket a.b-c") == {"Location": "/a.b-c"}
    for taken in ("test", "my-bucket", "logs"):
        code, _, message = lap.aws_error(f"aws s3api create-bucket --bucket {taken}")
        assert code == "BucketAlreadyExists" and message.startswith("The requested bucket name is not available.")
    foreign_bucket(world, "partner-data-4444", None)
    assert lap.aws_error("aws s3api create-bucket --bucket partner-data-4444")[0] == "BucketAlreadyExists"
    code, _, message = lap.aws_error(f"aws s3api create-bucket --bucket {BUCKET}")
    assert (code, message) == ("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket "
                                                          "succeeded and you already own it.")
    assert "partner-data-4444" not in lap.ok("aws s3 ls").out


# -- bucket policies --------------------------------------------------------------------------------------

def test_explicit_deny_in_the_bucket_policy_beats_the_admin(world, lap):
    bucket_policy(lap, {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
                        "Resource": f"{ARN}/*"})
    ran = lap.run(f"aws s3 rm s3://{BUCKET}/hello.txt")
    assert (ran.status, ran.out) == (1, "")
    assert ran.err == (
        f"delete failed: s3://{BUCKET}/hello.txt An error occurred (AccessDenied) when calling the DeleteObject "
        f"operation: User: arn:aws:iam::{world.account_id}:user/admin is not authorized to perform: s3:DeleteObject "
        f'on resource: "{ARN}/hello.txt" with an explicit deny in a resource-based policy\n')
    assert lap.ok(f"aws s3 ls s3://{BUCKET}").out.endswith(" hello.txt\n")  # only deletes are denied


def test_same_account_grant_to_a_user_with_no_identity_policy(world, lap):
    bob = user(lap, "bob")
    acct = world.account_id
    ran = bob.run(f"aws s3 cp s3://{BUCKET}/hello.txt .")
    assert (ran.status, ran.err) == (1, "fatal error: An error occurred (403) when calling the HeadObject operation: "
                                        "Forbidden\n")  # a HEAD response has no body to say why
    code, _, message = bob.aws_error(f"aws s3api get-object --bucket {BUCKET} --key hello.txt out.txt")
    assert code == "AccessDenied" and "because no identity-based policy allows the s3:GetObject action" in message
    bucket_policy(lap, {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:user/bob"},
                        "Action": "s3:GetObject", "Resource": f"{ARN}/*"})
    assert bob.ok(f"aws s3 cp s3://{BUCKET}/hello.txt .").out == f"download: s3://{BUCKET}/hello.txt to ./hello.txt\n"
    assert bob.ok("cat hello.txt").out == "Hello v1 from my laptop\n"
    code, op, message = bob.aws_error(f"aws s3 ls s3://{BUCKET}")  # the grant is for GetObject only
    assert (code, op) == ("AccessDenied", "ListObjectsV2")
    assert message == (f"User: arn:aws:iam::{acct}:user/bob is not authorized to perform: s3:ListBucket on resource: "
                       f'"{ARN}" because no identity-based policy allows the s3:ListBucket action')


def test_cross_account_bucket_needs_both_sides(world, lap):
    acct = world.account_id
    grant = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"},
                 "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": ["arn:aws:s3:::partner-data-4444", "arn:aws:s3:::partner-data-4444/*"]})
    foreign_bucket(world, "partner-data-4444", grant, objects={"report.csv": "a,b\n"})
    foreign_bucket(world, "partner-private-4444", None, objects={"secret.csv": "x\n"})
    # admin: its identity policy allows, and the bucket policy grants the account
    assert lap.ok("aws s3 ls s3://partner-data-4444").out == "2026-01-05 10:30:00          4 report.csv\n"
    assert lap.ok("aws s3 cp s3://partner-data-4444/report.csv .").out == \
        "download: s3://partner-data-4444/report.csv to ./report.csv\n"
    # the bucket policy does not grant writing
    lap.ok("echo x > x.txt")
    ran = lap.run("aws s3 cp x.txt s3://partner-data-4444/")
    assert ran.status == 1 and ran.err.endswith(
        'on resource: "arn:aws:s3:::partner-data-4444/x.txt" because no resource-based policy allows the '
        "s3:PutObject action\n")
    # a bucket that grants nothing: admin's allow is not enough
    code, _, message = lap.aws_error("aws s3api get-object --bucket partner-private-4444 --key secret.csv s.csv")
    assert code == "AccessDenied"
    assert message.endswith("because no resource-based policy allows the s3:GetObject action")
    # bob: the bucket grants his account, but nothing in his account allows him
    bob = user(lap, "bob")
    code, _, message = bob.aws_error("aws s3 ls s3://partner-data-4444")
    assert code == "AccessDenied" and message.endswith("because no identity-based policy allows the s3:ListBucket "
                                                       "action")
    lap.ok("aws iam put-user-policy --user-name bob --policy-name partner --policy-document " + q(doc(
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::partner-data-4444"})))
    assert bob.ok("aws s3 ls s3://partner-data-4444").out.endswith(" report.csv\n")


def test_public_read_with_no_sign_request(world, lap):
    ran = lap.run(f"aws s3 cp s3://{BUCKET}/hello.txt anon.txt --no-sign-request")
    assert (ran.status, ran.err) == (1, "fatal error: An error occurred (403) when calling the HeadObject operation: "
                                        "Forbidden\n")
    code, _, message = lap.aws_error(f"aws s3api get-object --bucket {BUCKET} --key hello.txt a.txt --no-sign-request")
    assert (code, message) == ("AccessDenied", "Access Denied")
    bucket_policy(lap, {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                        "Resource": f"{ARN}/*"})
    web = Term(world, "web-1")  # no credentials at all on web-1
    assert web.ok(f"aws s3 cp s3://{BUCKET}/hello.txt anon.txt --no-sign-request").out == \
        f"download: s3://{BUCKET}/hello.txt to ./anon.txt\n"
    assert web.ok("cat anon.txt").out == "Hello v1 from my laptop\n"
    assert web.aws_error(f"aws s3 ls s3://{BUCKET} --no-sign-request")[::2] == ("AccessDenied", "Access Denied")
    assert web.run(f"aws s3 ls s3://{BUCKET}").status == 253  # signing needs credentials
    assert web.aws_error("aws s3 ls --no-sign-request") == ("AccessDenied", "ListBuckets", "Access Denied")
    ran = web.run("aws s3 mb s3://anonymous-bucket-1 --no-sign-request")
    assert (ran.status, ran.err) == (1, "make_bucket failed: s3://anonymous-bucket-1 An error occurred (AccessDenied) "
                                        "when calling the CreateBucket operation: Access Denied\n")


def test_an_unsigned_request_is_aws_userid_anonymous(world, lap):
    # IAM User Guide, policy variables, "Principal key values": an anonymous caller has no
    # aws:username, aws:userid "anonymous" and aws:PrincipalType "Anonymous"
    bucket_policy(lap, {"Sid": "AnonymousOnly", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                        "Resource": f"{ARN}/*", "Condition": {
                            "StringEquals": {"aws:userid": "anonymous", "aws:PrincipalType": "Anonymous"},
                            "Null": {"aws:username": "true", "aws:PrincipalAccount": "true"}}})
    web = Term(world, "web-1")
    assert web.ok(f"aws s3 cp s3://{BUCKET}/hello.txt anon.txt --no-sign-request").out == \
        f"download: s3://{BUCKET}/hello.txt to ./anon.txt\n"


def test_create_bucket_refused_quotes_the_resource(world, lap):
    reader = user(lap, "reader", {"Effect": "Allow", "Action": "s3:List*", "Resource": "*"})
    code, _, message = reader.aws_error("aws s3api create-bucket --bucket readers-bucket-1")
    assert code == "AccessDenied"
    assert message == (f"User: arn:aws:iam::{world.account_id}:user/reader is not authorized to perform: "
                       's3:CreateBucket on resource: "arn:aws:s3:::readers-bucket-1" because no identity-based '
                       "policy allows the s3:CreateBucket action")


def test_s3_prefix_condition_on_list_bucket(world, lap):
    lap.ok(f"aws s3 cp hello.txt s3://{BUCKET}/public/readme.txt")
    bob = user(lap, "bob")
    bucket_policy(lap, {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{world.account_id}:user/bob"},
                        "Action": "s3:ListBucket", "Resource": ARN,
                        "Condition": {"StringLike": {"s3:prefix": "public/*"}}})
    assert bob.ok(f"aws s3 ls s3://{BUCKET}/public/").out.endswith(" readme.txt\n")
    code, op, message = bob.aws_error(f"aws s3 ls s3://{BUCKET}")
    assert (code, op) == ("AccessDenied", "ListObjectsV2") and "s3:ListBucket" in message
    assert bob.aws_error(f"aws s3api list-objects-v2 --bucket {BUCKET} --prefix private/")[0] == "AccessDenied"
    assert bob.json(f"aws s3api list-objects-v2 --bucket {BUCKET} --prefix public/ "
                    "--query 'Contents[].Key'") == ["public/readme.txt"]


def test_secure_transport_false_hits_the_deny(world, lap):
    bucket_policy(lap, {"Sid": "HttpsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                        "Resource": [ARN, f"{ARN}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}})
    assert lap.ok(f"aws s3 ls s3://{BUCKET}").out.endswith(" hello.txt\n")
    assert lap.ok(f"aws s3 ls s3://{BUCKET} --endpoint-url https://s3.amazonaws.com").status == 0
    code, op, message = lap.aws_error(f"aws s3 ls s3://{BUCKET} --endpoint-url http://s3.amazonaws.com")
    assert (code, op) == ("AccessDenied", "ListObjectsV2")
    assert message == (f"User: arn:aws:iam::{world.account_id}:user/admin is not authorized to perform: s3:ListBucket "
                       f'on resource: "{ARN}" with an explicit deny in a resource-based policy')


def test_source_ip_condition_allows_the_laptop_not_an_instance(world, lap):
    bob_laptop = user(lap, "bob")
    key_line = [line for line in bob_laptop.ok("env").lines if line.startswith("AWS_")]
    bucket_policy(lap, {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{world.account_id}:user/bob"},
                        "Action": "s3:GetObject", "Resource": f"{ARN}/*",
                        "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.10/32"}}})
    assert bob_laptop.ok(f"aws s3 cp s3://{BUCKET}/hello.txt .").status == 0
    bob_web = Term(world, "web-1")
    bob_web.ok("export " + " ".join(key_line))  # the same keys, used on web-1
    assert bob_web.json("aws sts get-caller-identity")["Arn"].endswith(":user/bob")
    ran = bob_web.run(f"aws s3 cp s3://{BUCKET}/hello.txt .")
    assert ran.status == 1 and "(403) when calling the HeadObject operation: Forbidden" in ran.err
    code, _, message = bob_web.aws_error(f"aws s3api get-object --bucket {BUCKET} --key hello.txt o.txt")
    assert code == "AccessDenied" and "s3:GetObject" in message


def test_list_objects_v2_pages_with_continuation_tokens(world, lap):
    """S3 API Reference, ListObjectsV2: at most MaxKeys keys and common prefixes together; when
    more follow, IsTruncated and NextContinuationToken, which ContinuationToken takes back."""
    lap.ok("aws s3api create-bucket --bucket learner-pages")
    lap.ok("echo x > x.txt")
    for key in ("a.txt", "b/1.txt", "b/2.txt", "c.txt"):
        lap.ok(f"aws s3api put-object --bucket learner-pages --key {key} --body x.txt")
    first = lap.json("aws s3api list-objects-v2 --bucket learner-pages --delimiter / --max-keys 2 --no-paginate")
    assert [o["Key"] for o in first["Contents"]] == ["a.txt"] and first["CommonPrefixes"] == [{"Prefix": "b/"}]
    assert first["IsTruncated"] is True and first["KeyCount"] == 2
    token = first["NextContinuationToken"]
    rest = lap.json(f"aws s3api list-objects-v2 --bucket learner-pages --delimiter / --max-keys 2 "
                    f"--continuation-token {token}")
    assert [o["Key"] for o in rest["Contents"]] == ["c.txt"] and rest["IsTruncated"] is False
    assert rest["ContinuationToken"] == token and "CommonPrefixes" not in rest
    # the CLI's paginator follows the tokens: --page-size 1 makes four requests and lists all
    keys = lap.json("aws s3api list-objects-v2 --bucket learner-pages --page-size 1 --query Contents[].Key")
    assert keys == ["a.txt", "b/1.txt", "b/2.txt", "c.txt"]
    code, op, message = lap.aws_error("aws s3api list-objects-v2 --bucket learner-pages --continuation-token @@")
    assert (code, op, message) == ("InvalidArgument", "ListObjectsV2", "The continuation token provided is incorrect")


def test_a_missing_key_is_404_with_list_bucket_and_403_without(world, lap):
    """S3 API Reference, GetObject and HeadObject, Permissions: "If the object that you request
    doesn't exist, the error that Amazon S3 returns depends on whether you also have the
    s3:ListBucket permission": 404 Not Found with it, 403 Access Denied without. The
    ListBucket check is a decision of its own in the log."""
    bob = user(lap, "bob")
    lap.ok("aws iam put-user-policy --user-name bob --policy-name get --policy-document " + q(doc(
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{ARN}/*"})))
    assert bob.aws_error(f"aws s3api get-object --bucket {BUCKET} --key nope.txt o.txt")[::2] == (
        "AccessDenied", "Access Denied")
    assert bob.aws_error(f"aws s3api head-object --bucket {BUCKET} --key nope.txt")[::2] == ("403", "Forbidden")
    events = world.events.since(0)
    assert (events[-1]["action"], events[-1]["decision"]) == ("s3:ListBucket", "implicitDeny")
    lap.ok("aws iam put-user-policy --user-name bob --policy-name list --policy-document " + q(doc(
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": ARN})))
    assert bob.aws_error(f"aws s3api get-object --bucket {BUCKET} --key nope.txt o.txt")[::2] == (
        "NoSuchKey", "The specified key does not exist.")
    assert bob.aws_error(f"aws s3api head-object --bucket {BUCKET} --key nope.txt")[::2] == ("404", "Not Found")
    ran = bob.run(f"aws s3 cp s3://{BUCKET}/nope.txt .")
    assert ran.err == 'fatal error: An error occurred (404) when calling the HeadObject operation: Key "nope.txt" ' \
                      "does not exist\n"
