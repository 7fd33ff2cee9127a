"""The AWS CLI's own arguments on some operations (awscli/customizations), beyond one
argument per API member, and their help texts:

- ``ec2 run-instances``: ``--count min[:max]`` in place of ``--min-count``/``--max-count``
  (ec2/addcount.py; MinCount and MaxCount default to 1), ``--secondary-private-ip-addresses``,
  ``--secondary-private-ip-address-count`` and ``--[no-]associate-public-ip-address``, which
  build the first network interface (ec2/runinstances.py);
- ``iam create-virtual-mfa-device``: ``--outfile`` and ``--bootstrap-method`` (iamvirtmfa.py);
- ``s3api get-object``: the positional ``outfile`` (streamingoutputarg.py);
- ``ec2``: ``--no-disable-api-termination`` renamed ``--enable-api-termination`` (argrename.py).

``prepare_request`` does what these customizations do just before the request is built
(awscli's ``before-parameter-build`` handlers).
"""

from __future__ import annotations

from sandbox.awscli.spec import CUSTOM, Param


class CustomArgumentError(Exception):
    """A customization refuses the values (awscli's ParamValidationError: exit 252)."""


def _count_to_params(params: dict, value) -> None:
    """``--count N`` or ``--count MIN:MAX`` -> MinCount and MaxCount (awscli's CountArgument)."""
    try:
        low, high = value.split(":") if ":" in value else (value, value)
        params["MinCount"], params["MaxCount"] = int(low), int(high)
    except ValueError:
        raise CustomArgumentError("count parameter should be of form min[:max] (e.g. 1 or 1:10)") from None


def _interface(params: dict, key: str, value) -> None:
    interfaces = params.setdefault("NetworkInterfaces", [{"DeviceIndex": 0}])
    if key != "PrivateIpAddresses" or "PrivateIpAddresses" not in interfaces[0]:
        interfaces[0][key] = value


def _secondary_addresses(params: dict, value) -> None:
    if value:
        _interface(params, "PrivateIpAddresses", [{"PrivateIpAddress": v, "Primary": False} for v in value])


def _secondary_count(params: dict, value) -> None:
    if value:
        _interface(params, "SecondaryPrivateIpAddressCount", value)


def _associate(params: dict, value) -> None:
    if value is True:
        _interface(params, "AssociatePublicIpAddress", True)


def _no_associate(params: dict, value) -> None:
    if value is False:
        _interface(params, "AssociatePublicIpAddress", False)


def _run_instances(table: dict[str, Param]) -> None:
    del table["min-count"]
    del table["max-count"]
    table["count"] = Param("count", None, kind=CUSTOM, to_params=_count_to_params, help=COUNT)
    table["secondary-private-ip-addresses"] = Param(
        "secondary-private-ip-addresses", None, kind=CUSTOM, nargs="*", to_params=_secondary_addresses,
        help="[EC2-VPC] A secondary private IP address for the network interface or instance.")
    table["secondary-private-ip-address-count"] = Param(
        "secondary-private-ip-address-count", None, kind=CUSTOM, argtype=int, to_params=_secondary_count,
        help="[EC2-VPC] The number of secondary IP addresses to assign to the network interface or instance.")
    table["associate-public-ip-address"] = Param(
        "associate-public-ip-address", None, "boolean", kind=CUSTOM, to_params=_associate,
        help="[EC2-VPC] If specified a public IP address will be assigned to the new instance in a VPC.")
    table["no-associate-public-ip-address"] = Param(
        "no-associate-public-ip-address", None, "boolean", kind=CUSTOM, negative=True, to_params=_no_associate,
        help="[EC2-VPC] If specified a public IP address will not be assigned to the new instance in a VPC.")


def _virtual_mfa(table: dict[str, Param]) -> None:
    table["outfile"] = Param("outfile", None, required=True, kind=CUSTOM,
                             help="The output path and file name where the bootstrap information will be stored.")
    table["bootstrap-method"] = Param(
        "bootstrap-method", None, required=True, kind=CUSTOM, choices=("QRCodePNG", "Base32StringSeed"),
        help="Method to use to seed the virtual MFA. Valid values are: QRCodePNG | Base32StringSeed. "
             "The sandbox writes the otpauth:// URI a QR code would encode for QRCodePNG.")


def _get_object(table: dict[str, Param]) -> None:
    table["outfile"] = Param("outfile", None, required=True, kind=CUSTOM, positional=True,
                             help="Filename where the content will be saved")


_CUSTOMIZE = {
    ("ec2", "RunInstances"): _run_instances,
    ("iam", "CreateVirtualMFADevice"): _virtual_mfa,
    ("s3", "GetObject"): _get_object,
}


def _renames(service: str, table: dict[str, Param]) -> None:
    """awscli's argrename.py: ``ec2 * --no-disable-api-termination`` is ``--enable-api-termination``
    (moved to the end of the table as it stands)."""
    if service == "ec2" and "no-disable-api-termination" in table:
        table["enable-api-termination"] = table.pop("no-disable-api-termination").replace(cli="enable-api-termination")


def customize(service: str, operation: str, table: dict[str, Param]) -> None:
    """Change an operation's argument table as the CLI's customizations do."""
    _renames(service, table)
    change = _CUSTOMIZE.get((service, operation))
    if change is not None:
        change(table)


def check_parsed(service: str, operation: str, values: dict) -> None:
    """awscli's ``operation-args-parsed`` checks (``values``: argparse destinations)."""
    if (service, operation) == ("ec2", "RunInstances") and values.get("network_interfaces"):
        for key in ("secondary_private_ip_addresses", "secondary_private_ip_address_count",
                    "associate_public_ip_address"):
            if values.get(key):
                raise CustomArgumentError("Mixing the --network-interfaces option with the simple, scalar options "
                                          "is not supported.")


def prepare_request(service: str, operation: str, params: dict) -> None:
    """awscli's ``before-parameter-build`` handlers for ``ec2 run-instances``."""
    if (service, operation) != ("ec2", "RunInstances"):
        return
    params.setdefault("MinCount", 1)
    params.setdefault("MaxCount", 1)
    interfaces = params.get("NetworkInterfaces")
    if not interfaces:
        return
    interface = interfaces[0]
    if not any(key in interface for key in ("PrivateIpAddresses", "SecondaryPrivateIpAddressCount",
                                            "AssociatePublicIpAddress")):
        return
    for source, target in (("SubnetId", "SubnetId"), ("SecurityGroupIds", "Groups"),
                           ("Ipv6AddressCount", "Ipv6AddressCount"), ("Ipv6Addresses", "Ipv6Addresses"),
                           ("EnablePrimaryIpv6", "PrimaryIpv6")):
        if source in params:
            interface[target] = params.pop(source)
    if "PrivateIpAddress" in params:
        interface["PrivateIpAddresses"] = [{"PrivateIpAddress": params.pop("PrivateIpAddress"), "Primary": True}]


# -- help texts of the CLI's own arguments (awscli) -----------------------------------------------

COUNT = ("Number of instances to launch. If a single number is provided, it is assumed to be the minimum to "
         "launch (defaults to 1). If a range is provided in the form min:max then the first number is "
         "interpreted as the minimum number of instances to launch and the second is interpreted as the "
         "maximum number of instances to launch.")
CLI_INPUT_JSON = ("Reads arguments from the JSON string provided. The JSON string follows the format provided by "
                  "--generate-cli-skeleton. If other arguments are provided on the command line, those values will "
                  "override the JSON-provided values. It is not possible to pass arbitrary binary values using a "
                  "JSON-provided value as the string will be taken literally. This may not be specified along "
                  "with --cli-input-yaml.")
CLI_INPUT_YAML = ("Reads arguments from the YAML string provided. The YAML string follows the format provided by "
                  "--generate-cli-skeleton yaml-input. If other arguments are provided on the command line, those "
                  "values will override the YAML-provided values. This may not be specified along with "
                  "--cli-input-json.")
SKELETON = ("Prints a JSON skeleton to standard output without sending an API request. If provided with no value "
            "or the value input, prints a sample input JSON that can be used as an argument for --cli-input-json. "
            "Similarly, if provided yaml-input it will print a sample input YAML that can be used with "
            "--cli-input-yaml. If provided with the value output, it validates the command inputs and returns a "
            "sample output JSON for that command. The generated JSON skeleton is not stable between versions of "
            "the AWS CLI and there are no backwards compatibility guarantees in the JSON skeleton generated.")
STARTING_TOKEN = ("A token to specify where to start paginating. This is the NextToken from a previously truncated "
                  "response.")
MAX_ITEMS = ("The total number of items to return in the command's output. If the total number of items available "
             "is more than the value specified, a NextToken is provided in the command's output. To resume "
             "pagination, provide the NextToken value in the starting-token argument of a subsequent command. Do "
             "not use the NextToken response element directly outside of the AWS CLI.")
PAGE_SIZE = ("The size of each page to get in the AWS service call. This does not affect the number of items "
             "returned in the command's output. Setting a smaller page size results in more calls to the AWS "
             "service, retrieving fewer items in each call. This can help prevent the AWS service calls from "
             "timing out.")
