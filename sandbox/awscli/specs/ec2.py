"""``aws ec2``: the EC2 operations the sandbox supports.

As in the real CLI, every operation takes ``--dry-run``/``--no-dry-run``, and
``run-instances`` has ``--count min[:max]`` in place of ``--min-count``/``--max-count``
(awscli's ``customizations/ec2/addcount.py``).
"""

from sandbox.awscli.parse import ParamError
from sandbox.awscli.spec import BOOLEAN, LIST, STRING, STRUCTURE, STRUCTURE_LIST, P, Service, op, ops

FILTERS = P("Filters", STRUCTURE_LIST, members={"Name": STRING, "Values": LIST},
            help="Filters such as Name=tag:Name,Values=web-1 or Name=instance-state-name,Values=running.")
IDS = P("InstanceIds", LIST, required=True, completes="instance")
PROFILE = P("IamInstanceProfile", STRUCTURE, required=True, members={"Arn": STRING, "Name": STRING},
            help="Name=PROFILE or Arn=ARN of an instance profile.", completes="instance-profile")
DRY_RUN = P("DryRun", BOOLEAN, help="Check whether you have the required permissions, without making the request: "
                                    "DryRunOperation if you have them, UnauthorizedOperation if not.")


def count_to_params(params: dict, value: str) -> None:
    """``--count N`` or ``--count MIN:MAX`` → MinCount and MaxCount, as awscli's CountArgument."""
    try:
        low, high = value.split(":") if ":" in value else (value, value)
        params["MinCount"], params["MaxCount"] = int(low), int(high)
    except ValueError:
        raise ParamError("count parameter should be of form min[:max] (e.g. 1 or 1:10)") from None


COUNT = P("Count", STRING, to_params=count_to_params,
          help="Number of instances to launch. If a single number is provided, it is the minimum and the maximum "
               "(default 1). If a range is provided in the form min:max, the first number is the minimum number of "
               "instances to launch and the second the maximum.")

OPERATIONS = [
    op("DescribeInstances", "Describe instances, with their state and instance profile.",
       P("InstanceIds", LIST, completes="instance"), FILTERS, DRY_RUN, paginated="Reservations"),
    op("RunInstances", "Launch instances, optionally with an instance profile (needs iam:PassRole). The sandbox's "
                       "AMI is ami-0c02fb55956c7d316 (Amazon Linux 2, x86_64), the image web-1 runs.",
       P("ImageId", help="The ID of the AMI, e.g. ami-0c02fb55956c7d316."),
       P("InstanceType", help="The instance type, e.g. t2.micro (default m1.small)."), COUNT,
       P("IamInstanceProfile", STRUCTURE, members={"Arn": STRING, "Name": STRING}, completes="instance-profile",
         help="Name=PROFILE or Arn=ARN of an instance profile."),
       P("TagSpecifications", STRUCTURE_LIST, members={"ResourceType": STRING, "Tags": LIST},
         help="e.g. 'ResourceType=instance,Tags=[{Key=Name,Value=web-2}]'."),
       P("KeyName", help="The name of a key pair (recorded on the instance)."),
       P("SecurityGroupIds", LIST, help="IDs of security groups, sg-... (recorded on the instance)."),
       P("SubnetId", help="The ID of the subnet, subnet-... (recorded on the instance)."),
       P("UserData", help="User data for the instance (file:// to read a file); the instance metadata service "
                          "serves it at /latest/user-data."),
       DRY_RUN, input_only=("MinCount", "MaxCount")),
    op("StartInstances", "Start stopped instances.", IDS, DRY_RUN),
    op("StopInstances", "Stop running instances.", IDS, DRY_RUN),
    op("TerminateInstances", "Terminate instances.", IDS, DRY_RUN),
    op("AssociateIamInstanceProfile", "Attach an instance profile (a role) to a running or stopped instance.",
       P("InstanceId", required=True, completes="instance"), PROFILE, DRY_RUN),
    op("ReplaceIamInstanceProfileAssociation", "Replace an instance's profile without stopping it.",
       P("AssociationId", required=True), PROFILE, DRY_RUN),
    op("DisassociateIamInstanceProfile", "Remove an instance's profile.", P("AssociationId", required=True), DRY_RUN),
    op("DescribeIamInstanceProfileAssociations", "List instance profile associations.",
       P("AssociationIds", LIST), FILTERS, DRY_RUN, paginated="IamInstanceProfileAssociations"),
    op("ModifyInstanceMetadataOptions", "Require IMDSv2 tokens (HttpTokens=required) or not.",
       P("InstanceId", required=True, completes="instance"), P("HttpTokens", choices=("optional", "required")),
       P("HttpEndpoint", choices=("enabled", "disabled")), DRY_RUN),
]

SERVICE = Service("ec2", "Amazon Elastic Compute Cloud (regional)", ops(*OPERATIONS))
