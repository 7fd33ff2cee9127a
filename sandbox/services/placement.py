"""Where an EC2 instance is: its Region, and the names and ARN that carry it (light: the
terminal imports it without loading the EC2 operations).

DNS names (EC2 User Guide, "Amazon EC2 instance hostname types"): in us-east-1 the
private name is ``ip-10-0-0-1.ec2.internal`` and the public one
``ec2-54-1-2-3.compute-1.amazonaws.com``; in any other Region
``ip-10-0-0-1.REGION.compute.internal`` and ``ec2-54-1-2-3.REGION.compute.amazonaws.com``.
"""

from __future__ import annotations

from sandbox.services.regions import DEFAULT, of_instance

__all__ = ["instance_arn", "of_instance", "private_dns", "public_dns"]


def _dashed(address: str) -> str:
    return address.replace(".", "-")


def private_dns(row: dict) -> str:
    region = of_instance(row)
    domain = "ec2.internal" if region == DEFAULT else f"{region}.compute.internal"
    return f"ip-{_dashed(row['PrivateIpAddress'])}.{domain}"


def public_dns(row: dict) -> str:
    region = of_instance(row)
    domain = "compute-1.amazonaws.com" if region == DEFAULT else f"{region}.compute.amazonaws.com"
    return f"ec2-{_dashed(row['PublicIpAddress'])}.{domain}"


def instance_arn(account: str, row: dict) -> str:
    return f"arn:aws:ec2:{of_instance(row)}:{account}:instance/{row['InstanceId']}"
