"""AWS Regions: their codes and the names the console shows.

EC2 is regional: an instance, its id and the AMIs it can be launched from exist in one
Region, and a request acts in the Region it is sent to. IAM is global. An S3 bucket has a
Region (its ``LocationConstraint``), but bucket names are global and ``ListBuckets`` lists
the buckets of every Region. A world written before instances had a ``Region`` holds
only us-east-1 instances (``DEFAULT``).

Source: AWS General Reference, "AWS Regions" (the Region codes and names).
"""

from __future__ import annotations

DEFAULT = "us-east-1"

REGIONS: dict[str, str] = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "af-south-1": "Africa (Cape Town)",
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "eu-south-1": "Europe (Milan)",
    "eu-south-2": "Europe (Spain)",
    "eu-north-1": "Europe (Stockholm)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-south-1": "Middle East (Bahrain)",
    "me-central-1": "Middle East (UAE)",
    "sa-east-1": "South America (São Paulo)",
}


def label(code: str) -> str:
    """``US East (N. Virginia) us-east-1``, as the console's Region selector lists it."""
    name = REGIONS.get(code)
    return f"{name} {code}" if name else code


def of_instance(row: dict) -> str:
    """The Region of an instance row (rows written before instances had one: us-east-1)."""
    return row.get("Region") or DEFAULT
