"""``aws iam``: the IAM operations the sandbox supports."""

from sandbox.awscli.spec import INTEGER, JSON_DOC, LIST, STRING, STRUCTURE_LIST, Operation, Param, Service, ops

CONTEXT_ENTRY = {"ContextKeyName": STRING, "ContextKeyValues": LIST, "ContextKeyType": STRING}

_SIMULATION_COMMON = (
    Param("permissions-boundary-policy-input-list", "PermissionsBoundaryPolicyInputList", LIST,
          help="Permissions boundary policies (JSON strings) to apply to the simulated identity."),
    Param("action-names", "ActionNames", LIST, required=True,
          help="API actions to simulate, such as s3:GetObject (no wildcards)."),
    Param("resource-arns", "ResourceArns", LIST, help="Resource ARNs to simulate against; default *."),
    Param("resource-policy", "ResourcePolicy", JSON_DOC, help="A resource-based policy (JSON) to include."),
    Param("resource-owner", "ResourceOwner", STRING,
          help="Account that owns the simulated resources, as arn:aws:iam::ACCOUNT:root."),
    Param("caller-arn", "CallerArn", STRING, help="ARN of the IAM user to simulate as the caller."),
    Param("context-entries", "ContextEntries", STRUCTURE_LIST, members=CONTEXT_ENTRY,
          help="Context keys and values, e.g. ContextKeyName=aws:SourceIp,ContextKeyValues=10.0.0.1,ContextKeyType=ip."),
    Param("resource-handling-option", "ResourceHandlingOption", STRING),
    Param("max-items", "MaxItems", INTEGER),
    Param("marker", "Marker", STRING),
)

OPERATIONS = [
    Operation(
        "simulate-custom-policy", "SimulateCustomPolicy",
        (Param("policy-input-list", "PolicyInputList", LIST, required=True,
               help="Identity-based policies (JSON strings) to simulate."),) + _SIMULATION_COMMON,
        "Simulate how a set of IAM policies, and optionally a resource-based policy, decide API actions on "
        "resources. Nothing is changed; the answer comes from the sandbox's policy engine.",
    ),
    Operation(
        "get-context-keys-for-custom-policy", "GetContextKeysForCustomPolicy",
        (Param("policy-input-list", "PolicyInputList", LIST, required=True),),
        "List the condition keys the given policies test, to know which context entries a simulation needs.",
    ),
]

SERVICE = Service("iam", "AWS Identity and Access Management", ops(*OPERATIONS))
