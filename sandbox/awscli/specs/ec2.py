"""``aws ec2``: the EC2 operations the sandbox supports."""

from sandbox.awscli.spec import BOOLEAN, INTEGER, LIST, STRING, STRUCTURE, STRUCTURE_LIST, P, Service, op, ops

FILTERS = P("Filters", STRUCTURE_LIST, members={"Name": STRING, "Values": LIST},
            help="Filters such as Name=tag:Name,Values=web-1 or Name=instance-state-name,Values=running.")
IDS = P("InstanceIds", LIST, required=True, completes="instance")
PROFILE = P("IamInstanceProfile", STRUCTURE, required=True, members={"Arn": STRING, "Name": STRING},
            help="Name=PROFILE or Arn=ARN of an instance profile.", completes="instance-profile")

OPERATIONS = [
    op("DescribeInstances", "Describe instances, with their state and instance profile.",
       P("InstanceIds", LIST, completes="instance"), FILTERS, paginated="Reservations"),
    op("RunInstances", "Launch instances, optionally with an instance profile (needs iam:PassRole).",
       P("ImageId"), P("InstanceType"), P("MinCount", INTEGER), P("MaxCount", INTEGER), P("Count", INTEGER, cli="count"),
       P("IamInstanceProfile", STRUCTURE, members={"Arn": STRING, "Name": STRING}),
       P("TagSpecifications", STRUCTURE_LIST, members={"ResourceType": STRING, "Tags": LIST}),
       P("KeyName"), P("DryRun", BOOLEAN)),
    op("StartInstances", "Start stopped instances.", IDS),
    op("StopInstances", "Stop running instances.", IDS),
    op("TerminateInstances", "Terminate instances.", IDS),
    op("AssociateIamInstanceProfile", "Attach an instance profile (a role) to a running or stopped instance.",
       P("InstanceId", required=True, completes="instance"), PROFILE),
    op("ReplaceIamInstanceProfileAssociation", "Replace an instance's profile without stopping it.",
       P("AssociationId", required=True), PROFILE),
    op("DisassociateIamInstanceProfile", "Remove an instance's profile.", P("AssociationId", required=True)),
    op("DescribeIamInstanceProfileAssociations", "List instance profile associations.",
       P("AssociationIds", LIST), FILTERS, paginated="IamInstanceProfileAssociations"),
    op("ModifyInstanceMetadataOptions", "Require IMDSv2 tokens (HttpTokens=required) or not.",
       P("InstanceId", required=True, completes="instance"), P("HttpTokens", choices=("optional", "required")),
       P("HttpEndpoint", choices=("enabled", "disabled"))),
]

SERVICE = Service("ec2", "Amazon Elastic Compute Cloud (regional)", ops(*OPERATIONS))
