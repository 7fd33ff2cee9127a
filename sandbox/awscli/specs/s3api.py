"""``aws s3api``: the S3 API operations the sandbox supports."""

from sandbox.awscli.spec import BLOB, INTEGER, JSON_DOC, STRING, STRUCTURE, P, Service, op, ops

BUCKET = P("Bucket", required=True, completes="bucket")
KEY = P("Key", required=True)

OPERATIONS = [
    op("ListBuckets", "List your buckets."),
    op("CreateBucket", "Create a bucket (names are global across all accounts).", BUCKET,
       P("CreateBucketConfiguration", STRUCTURE, members={"LocationConstraint": STRING})),
    op("DeleteBucket", "Delete an empty bucket.", BUCKET),
    op("HeadBucket", "Check that a bucket exists and that you may list it.", BUCKET),
    op("GetBucketLocation", "Show a bucket's region.", BUCKET),
    op("PutBucketPolicy", "Set a bucket policy (a resource-based policy).", BUCKET,
       P("Policy", JSON_DOC, required=True, help="The policy JSON, or file://path.")),
    op("GetBucketPolicy", "Show a bucket policy.", BUCKET),
    op("DeleteBucketPolicy", "Remove a bucket policy.", BUCKET),
    op("PutObject", "Upload an object.", P("Acl", cli="acl"), P("Body", BLOB, help="Path of the local file to upload."),
       BUCKET, P("ContentType"), KEY, P("ServerSideEncryption", choices=("AES256", "aws:kms", "aws:kms:dsse"))),
    op("GetObject", "Download an object into a local file.", BUCKET, KEY, positional=("outfile",)),
    op("HeadObject", "Show an object's metadata.", BUCKET, KEY),
    op("DeleteObject", "Delete an object.", BUCKET, KEY),
    op("CopyObject", "Copy an object.", BUCKET, P("CopySource", required=True, help="source-bucket/key"), KEY),
    op("ListObjectsV2", "List the objects of a bucket.", BUCKET, P("Delimiter"), P("MaxKeys", INTEGER),
       P("Prefix"), P("StartAfter"), paginated="Contents"),
]

SERVICE = Service("s3api", "Amazon Simple Storage Service (API operations)", ops(*OPERATIONS), endpoint_prefix="s3",
                  minimums={"Key": 1})
