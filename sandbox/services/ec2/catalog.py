"""What RunInstances checks a launch against: the AMIs and instance types the sandbox knows.

AMIs are regional, as in AWS: an AMI id exists in one Region. The sandbox has one public
image, Amazon Linux 2 (x86_64) in us-east-1, the image web-1 runs, plus in each Region any
image an instance of this world in that Region was launched from. Any other well-formed
AMI id (among them the us-east-1 image's id in another Region) is answered
``InvalidAMIID.NotFound``, as AWS answers an id that does not exist in the Region or that
the account may not use.

Instance types: the current families most tutorials use, the older ``t1``/``m1`` types
(``m1.small`` is RunInstances' documented default), and the Graviton (arm64) families,
which AWS refuses with an architecture mismatch when the AMI is x86_64.
"""

from __future__ import annotations

import re

from sandbox.services.regions import of_instance

DEFAULT_IMAGE = "ami-0c02fb55956c7d316"
DEFAULT_INSTANCE_TYPE = "m1.small"  # RunInstances API reference: "Default: m1.small"

# Region -> image id -> its architecture
IMAGES = {"us-east-1": {DEFAULT_IMAGE: "x86_64"}}

AMI_ID = re.compile(r"^ami-([0-9a-f]{8}|[0-9a-f]{17})$")

_BURST = ("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge")
_M5 = ("large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge")
_6I = _M5 + ("32xlarge", "metal")
_GRAVITON = ("medium", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "metal")

_FAMILIES: dict[str, tuple[tuple[str, ...], str]] = {
    "t1": (("micro",), "x86_64"),
    "m1": (("small", "medium", "large", "xlarge"), "x86_64"),
    "t2": (_BURST, "x86_64"),
    "t3": (_BURST, "x86_64"),
    "t3a": (_BURST, "x86_64"),
    "m4": (("large", "xlarge", "2xlarge", "4xlarge", "10xlarge", "16xlarge"), "x86_64"),
    "m5": (_M5 + ("metal",), "x86_64"),
    "m5a": (_M5, "x86_64"),
    "m6i": (_6I, "x86_64"),
    "m7i": (_M5 + ("48xlarge", "metal-24xl", "metal-48xl"), "x86_64"),
    "c5": (("large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge", "metal"),
           "x86_64"),
    "c6i": (_6I, "x86_64"),
    "r5": (_M5 + ("metal",), "x86_64"),
    "r6i": (_6I, "x86_64"),
    "t4g": (_BURST, "arm64"),
    "a1": (("medium", "large", "xlarge", "2xlarge", "4xlarge", "metal"), "arm64"),
    "m6g": (_GRAVITON, "arm64"),
    "c6g": (_GRAVITON, "arm64"),
    "r6g": (_GRAVITON, "arm64"),
    "m7g": (_GRAVITON, "arm64"),
    "c7g": (_GRAVITON, "arm64"),
    "r7g": (_GRAVITON, "arm64"),
}

# instance type -> its architecture
INSTANCE_TYPES = {f"{family}.{size}": arch for family, (sizes, arch) in _FAMILIES.items() for size in sizes}


def image_architecture(world, image_id: str, region: str) -> str | None:
    """The architecture of the image in ``region``, or None if the sandbox has no such image there."""
    public = IMAGES.get(region, {})
    if image_id in public:
        return public[image_id]
    if any(row.get("ImageId") == image_id and of_instance(row) == region for row in world["instances"].all()):
        return "x86_64"  # an image this world's instances run: the sandbox's instances are all x86_64
    return None
