"""The sandbox's machines as world rows: the learner's laptop, and each EC2 instance with
its machine (hostname, addresses, home directory). Light on purpose: opening a world
builds the default one from here without loading the services."""

from __future__ import annotations

from datetime import datetime

from sandbox.services.isotime import iso
from sandbox.world import fs, ids
from sandbox.world.store import World

REGION = "us-east-1"
LAPTOP = {"Name": "laptop", "Hostname": "laptop", "User": "learner", "Home": "/home/learner",
          "PrivateIp": "192.168.1.23", "SourceIp": "203.0.113.10", "Kind": "laptop", "InstanceId": None}


def new_instance(world: World, name: str, launched: datetime, profile: dict | None = None,
                 region: str = REGION) -> dict:
    """An instance row (in ``region``, in its first availability zone) and its machine
    (hostname, home directory)."""
    n = len(world["instances"]) + 20
    private_ip = f"172.31.{n % 250}.{(n * 7) % 250 + 4}"
    public_ip = f"54.210.{(n * 3) % 250}.{(n * 11) % 250 + 2}"
    instance_id = ids.instance_id()
    world["machines"].put({"Name": instance_id, "Hostname": f"ip-{private_ip.replace('.', '-')}", "User": "ec2-user",
                           "Home": "/home/ec2-user", "PrivateIp": private_ip, "SourceIp": public_ip, "Kind": "ec2",
                           "InstanceId": instance_id})
    fs.mkdir(world, instance_id, "/home/ec2-user", parents=True, now=iso(launched))
    return {
        "InstanceId": instance_id, "Name": name, "State": "running", "InstanceType": "t2.micro",
        "ImageId": "ami-0c02fb55956c7d316", "LaunchTime": iso(launched), "PrivateIpAddress": private_ip,
        "PublicIpAddress": public_ip, "Region": region, "AvailabilityZone": f"{region}a", "IamInstanceProfile": profile,
        "AssociationId": None, "Tags": [{"Key": "Name", "Value": name}], "StateTransitionReason": "",
    }
