"""The sandbox's ``aws`` checked against the real AWS CLI (awscli v1 and botocore from PyPI,
run in-process with the sandbox's own responses; ``awsoracle.py``).

For every supported operation, one command line (``oracle_samples.SAMPLES``) run on an
account where it succeeds:

- the same request parameters reach the service (the sandbox's gateway; botocore's client);
- the sandbox's response conforms to the operation's output shape (botocore's validator);
- the same output in json, text and table, given the same responses (the CLI v1 has no
  YAML output: ``test_aws_cli_output.py`` holds the YAML of the CLI v2);
- the same ``--generate-cli-skeleton`` input and output, and the same argument table.

Then the pagination cases and the client-side errors (usage, unknown options, paramfile,
shorthand, JSON, validation), with the CLI v2's exit codes (``awsoracle.as_v2``).
"""

from __future__ import annotations

import copy
import json
import shutil

import pytest

from awsoracle import as_v2, wire
from oracle_samples import AS_USER, SAMPLES, api_name, build_account, command, sample_key
from oraclehelp import ProjectCli
from sandbox.awscli import catalog
from sandbox.awscli.offered import OFFERED
from shellhelp import fresh_world

FORMATS = ("json", "text", "table")
# what the sandbox's gateway answers beyond the model, and why:
# - CreateVirtualMFADevice: OtpauthUri, the text of the QR code (the sandbox draws no PNG), which
#   the terminal's browser and the app show; the aws program writes it to --outfile and never
#   prints it (customizations.py). It is taken out before the real CLI sees the response.
EXTENSIONS = {"CreateVirtualMFADevice": ("VirtualMFADevice", "OtpauthUri")}
# what botocore itself gives outside the model: GetBucketLocation's LocationConstraint is None
# for us-east-1 (botocore's parse_get_bucket_location reads the empty XML element's text)
NOT_MODELLED = {"GetBucketLocation": "Invalid type for parameter LocationConstraint, value: None"}


def _without_extensions(name: str, responses: list[dict]) -> list[dict]:
    if name not in EXTENSIONS:
        return responses
    outer, member = EXTENSIONS[name]
    out = copy.deepcopy(responses)
    for response in out:
        response.get(outer, {}).pop(member, None)
    return out
OPERATIONS = sorted(SAMPLES)


class Lab:
    """The account, with the sandbox's aws on it, reset before each command."""

    def __init__(self, folder):
        self.folder = folder
        self.world = fresh_world()
        self.project = ProjectCli(self.world)
        self.account = build_account(self.project, self.world, folder)
        self.start = self.world.dump()
        self.files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    def reset(self) -> None:
        with self.world.transaction():
            self.world.load(self.start)
        for path in self.folder.iterdir():
            if path.is_file() and path.name not in self.files:
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)

    def argv(self, name: str) -> list[str]:
        return command(SAMPLES[name], self.account, self.world)

    def env(self, name: str) -> dict | None:
        return self.account.env if name in AS_USER else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    return Lab(tmp_path_factory.mktemp("oracle"))


def _operation(name: str) -> tuple[str, str]:
    if ":" in name:  # SERVICE:Operation
        service = name.split(":", 1)[0]
        return service, service
    service = next(svc for svc, ops in OFFERED.items() if name in ops)
    return ("s3api" if service == "s3" else service), service


def test_every_supported_operation_has_a_sample():
    assert sorted(SAMPLES) == sorted(sample_key(svc, op) for svc, ops in OFFERED.items() for op in ops)


@pytest.mark.parametrize("name", OPERATIONS)
def test_requests_responses_and_outputs_match_the_real_cli(lab, real, name):
    from botocore.validate import ParamValidator

    problems = []
    for fmt in FORMATS:
        lab.reset()
        argv = lab.argv(name) + ["--output", fmt]
        ours = lab.project.run(argv, lab.env(name))
        assert ours.rc == 0, (argv, ours.err)
        responses = _without_extensions(name, lab.project.responses)
        theirs = real.run(argv, responses, cwd=str(lab.folder))
        assert theirs.rc == 0, (argv, theirs.err)
        if ours.requests != theirs.requests:
            problems.append(f"{fmt}: requests differ:\n  sandbox {ours.requests}\n  real    {theirs.requests}")
        if ours.out != theirs.out:
            problems.append(f"{fmt}: output differs:\n  sandbox {ours.out!r}\n  real    {theirs.out!r}")
        if name == "GetObject":  # the body went to the file named: the laptop's for the sandbox
            laptop = lab.world["machines"].get("laptop")["Home"] + "/out.txt"
            assert lab.project.read_laptop(laptop) == (lab.folder / "out.txt").read_text()
        model = real.operation_model(*argv[:2])
        if fmt == "json" and model.output_shape is not None:
            for response in responses:
                report = ParamValidator().validate(wire(copy.deepcopy(response), model.output_shape),
                                                   model.output_shape)
                if report.has_errors() and not report.generate_report().startswith(NOT_MODELLED.get(name, "-")):
                    problems.append(f"response does not conform to {model.output_shape.name}: "
                                    f"{report.generate_report()}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", OPERATIONS)
def test_skeletons_match_the_real_cli(lab, real, name):
    argv = lab.argv(name)
    operation = catalog.get_service(argv[0]).operation(argv[1])
    if operation.has_outfile:  # no --generate-cli-skeleton where the CLI writes a file
        assert real.run(argv[:2] + ["--generate-cli-skeleton"]).rc == 2
        return
    skeleton = argv[:2] + ["--generate-cli-skeleton"]
    ours, theirs = lab.project.run(skeleton), real.run(skeleton)
    assert (ours.rc, ours.out, ours.err) == (theirs.rc, theirs.out, theirs.err)
    # the output skeleton in JSON (its text and table forms are the formatters', checked above)
    lab.reset()
    extra = ["--generate-cli-skeleton", "output"]
    ours = lab.project.run(argv + extra, lab.env(name))
    theirs = real.run(argv + extra, stubbed=True, cwd=str(lab.folder))
    # an output with minimum lengths fails botocore's check of the made-up response (exit 252 in v2)
    assert ours.requests == [] and (ours.rc, ours.err) == as_v2(theirs, "param") and ours.out == theirs.out


def test_the_input_skeleton_is_the_default(lab, real):
    argv = ["iam", "create-user", "--generate-cli-skeleton"]
    assert lab.project.run(argv + ["input"]).out == lab.project.run(argv).out == real.run(argv + ["input"]).out
    argv = ["iam", "list-users", "--generate-cli-skeleton", "output", "--output", "text"]
    assert lab.project.run(argv).out == real.run(argv, stubbed=True).out


# hidden aliases the CLI v1 adds and the CLI v2 does not (awscli v1 customizations/argrename.py,
# HIDDEN_ALIASES; v2's has no IAM entries, and the v2 migration linter lists cognito-identity's
# as removed): with them v1 makes the original optional
V1_ONLY_ALIASES = {("iam", "enable-mfa-device"): ("authentication-code-1", "authentication-code-2"),
                   ("iam", "resync-mfa-device"): ("authentication-code-1", "authentication-code-2"),
                   ("cognito-identity", "create-identity-pool"): ("open-id-connect-provider-ar-ns",)}


@pytest.mark.parametrize("name", OPERATIONS)
def test_argument_tables_match_the_real_cli(real, name):
    """The same arguments in the same order, required and typed alike. The CLI v2 adds
    ``--cli-input-yaml`` after ``--cli-input-json`` (the CLI v1 has no YAML input)."""
    cli_service, _ = _operation(name)
    operation = next(op for op in catalog.get_service(cli_service).operations.values() if op.api == api_name(name))
    aliases = V1_ONLY_ALIASES.get((cli_service, operation.cli), ())
    theirs = [(n, a.required or getattr(a, "_DOCUMENT_AS_REQUIRED", False), a.cli_type_name)
              for n, a in real.arg_table(cli_service, operation.cli).items() if n not in aliases]
    ours = [(p.cli, p.required, p.type) for p in operation.params if p.cli != "cli-input-yaml"]
    assert ours == theirs


# -- pagination ------------------------------------------------------------------------------

LIST_POLICY = "arn:aws:iam::123456789012:policy/Custom"
PAGINATION = [
    ["iam", "list-users", "--max-items", "2"],
    ["iam", "list-users", "--max-items", "2", "--output", "text"],
    ["iam", "list-users", "--max-items", "2", "--output", "table"],
    ["iam", "list-users", "--max-items", "2", "--starting-token", "{token}"],
    ["iam", "list-users", "--max-items", "1", "--starting-token", "{token}", "--output", "text"],
    ["iam", "list-users", "--starting-token", "{token}"],
    ["iam", "list-users", "--page-size", "2"],
    ["iam", "list-users", "--no-paginate"],
    ["iam", "list-users", "--no-paginate", "--output", "text"],
    ["iam", "list-users", "--no-paginate", "--max-items", "2"],  # IAM's own MaxItems, sent to the service
    ["iam", "list-users", "--marker", "abc"],  # the operation's own token: paging off
    ["iam", "list-users", "--max-items", "2", "--query", "Users[].UserName"],
    ["iam", "list-users", "--max-items", "2", "--query", "Users[].UserName", "--output", "text"],
    ["iam", "list-users", "--starting-token", "not-a-token"],  # botocore's old token form: Marker=not-a-token
    ["iam", "list-users", "--cli-input-json", '{"Marker": "abc"}'],  # paging members in the input: paging off
    ["iam", "get-group", "--group-name", "Devs", "--max-items", "1"],
    ["iam", "get-group", "--group-name", "Devs", "--max-items", "1", "--output", "text"],
    ["iam", "list-entities-for-policy", "--policy-arn", LIST_POLICY, "--max-items", "1"],
    ["iam", "list-entities-for-policy", "--policy-arn", LIST_POLICY, "--output", "text"],
    ["iam", "list-policies", "--scope", "AWS", "--max-items", "3", "--output", "table"],
    ["iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::123456789012:user/alice",
     "--action-names", "s3:GetObject", "iam:GetUser", "--max-items", "1"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--query", "KeyCount"],  # null: not a result key
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--no-paginate", "--query", "KeyCount"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--max-items", "1", "--output", "text"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--page-size", "1"],  # three requests
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--page-size", "1", "--output", "text"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--delimiter", "/", "--output", "text"],
    ["s3api", "list-objects-v2", "--bucket", "learner-bucket", "--page-size", "2", "--max-items", "2",
     "--output", "yaml-stream"],
    ["s3api", "list-objects-v2", "--bucket", "empty-bucket", "--output", "text"],
    ["s3api", "list-buckets", "--max-items", "1"],
    ["ec2", "describe-instances", "--max-items", "1", "--query", "Reservations[].Instances[].InstanceId"],
    ["ec2", "describe-instances", "--max-items", "1", "--output", "text", "--query",
     "Reservations[].Instances[].[InstanceId,State.Name]"],
    ["ec2", "describe-instances", "--max-results", "5", "--query", "length(Reservations)"],
    ["ec2", "describe-iam-instance-profile-associations", "--max-items", "1"],
]
PAGINATION_ERRORS = [
    ["ec2", "describe-instances", "--no-paginate", "--max-items", "1"],
    ["iam", "list-users", "--no-paginate", "--starting-token", "x"],
    ["iam", "list-users", "--marker", "m", "--page-size", "1"],
    ["iam", "list-users", "--max-items", "x"],
    ["ec2", "describe-instances", "--page-size", "1.5"],
]


def _token(lab) -> str:
    lab.reset()
    return json.loads(lab.project.run(["iam", "list-users", "--max-items", "2"]).out)["NextToken"]


@pytest.mark.parametrize("argv", PAGINATION, ids=" ".join)
def test_pagination_matches_the_real_cli(lab, real, argv):
    """--max-items, --starting-token, --page-size and --no-paginate: the same requests
    (pages), the same output, the same NextToken (awscli/customizations/paginate.py and
    botocore's PageIterator)."""
    token = _token(lab)
    argv = [arg.replace("{token}", token) for arg in argv]
    lab.reset()
    ours = lab.project.run(argv)
    if "yaml-stream" in argv:  # the CLI v1 has no YAML: the same pages as JSON, then each as one YAML item
        assert ours.rc == 0 and ours.out.startswith("- ") and ours.out.count("\n- ") == len(ours.requests) - 1
        argv = argv[:-2]
        ours = lab.project.run(argv)
    theirs = real.run(argv, lab.project.responses)
    assert (ours.rc, ours.err) == as_v2(theirs, "service")
    assert ours.requests == theirs.requests
    assert ours.out == theirs.out


@pytest.mark.parametrize("argv", PAGINATION_ERRORS, ids=" ".join)
def test_pagination_errors_match_the_real_cli(lab, real, argv):
    lab.reset()
    ours = lab.project.run(argv)
    theirs = real.run(argv)
    kind = "usage" if theirs.rc == 2 else "param"
    assert (ours.rc, ours.err, ours.out) == (*as_v2(theirs, kind), theirs.out)
    assert ours.requests == theirs.requests == []


# -- client-side errors ----------------------------------------------------------------------

# (argv, kind of a v1 exit 255: see awsoracle.as_v2); run in the sandbox terminal, whose
# messages about files are the CLI's own (iam-sandbox aws adds where it looked)
ERRORS = [
    # argparse
    ([], "usage"),
    (["iam"], "usage"),
    (["iam", "create-user"], "usage"),
    (["iam", "create-user", "--user-name"], "usage"),
    (["iam", "list-users", "--color", "purple"], "usage"),
    (["iam", "list-users", "--max-items", "abc"], "usage"),
    (["iam", "list-users", "--cli-read-timeout", "x"], "general"),
    (["sts", "get-caller-identity", "--region"], "usage"),
    (["s3api", "get-object", "--bucket", "b", "--key", "k"], "usage"),
    (["s3api", "put-object", "--bucket", "b", "--key", "k", "--content-length", "x"], "usage"),
    (["iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "m", "--outfile", "m.txt",
      "--bootstrap-method", "PNG"], "usage"),
    (["ec2", "run-instances", "--secondary-private-ip-address-count", "x"], "usage"),
    (["iam", "list-policies", "--p", "x"], "general"),  # argparse: --p abbreviates --profile, not found
    (["iam", "list-policies", "--pa", "x"], "usage"),  # ambiguous: --path-prefix or --page-size?
    # unknown options
    (["iam", "list-users", "--foo"], "usage"),
    (["iam", "list-users", "extra", "words"], "usage"),
    (["iam", "get-user", "--user-name", "a", "b"], "usage"),
    (["ec2", "associate-iam-instance-profile", "--instance-id", "i-1", "--iam-instance-profile", "Name=x",
      "--dry-run"], "usage"),
    (["s3api", "put-object", "--bucket", "b", "--key", "k", "--Acl", "private"], "usage"),
    # files, shorthand, JSON
    (["iam", "create-policy", "--policy-name", "p", "--policy-document", "file://nothing.json"], "param"),
    (["iam", "create-policy", "--policy-name", "p", "--policy-document", "fileb://nothing.json"], "param"),
    (["iam", "create-user", "--cli-input-json", "file://nothing.json"], "param"),
    (["ec2", "describe-instances", "--filters", "garbage"], "param"),
    (["ec2", "describe-instances", "--filters", "Name=tag:Name,Values=[web-1"], "param"),
    (["iam", "tag-user", "--user-name", "admin", "--tags", "Key=a,Key=b"], "param"),
    (["iam", "tag-user", "--user-name", "admin", "--tags", "[{bad"], "param"),
    (["ec2", "associate-iam-instance-profile", "--instance-id", "i-1", "--iam-instance-profile", "[1]"], "param"),
    (["ec2", "run-instances", "--count", "x"], "param"),
    (["iam", "list-users", "--query", "Users[."], "param"),
    (["iam", "list-users", "--endpoint-url", "localhost"], "param"),
    # botocore's parameter validation
    (["iam", "create-user", "--user-name", ""], "param"),
    (["sts", "assume-role", "--role-arn", "badarn", "--role-session-name", "s", "--duration-seconds", "5"], "param"),
    (["iam", "tag-user", "--user-name", "admin", "--tags", "Key=team"], "param"),
    (["iam", "tag-user", "--user-name", "admin", "--tags", "Key=a,Value=b", "Key=c,Value=d,Colour=red"], "param"),
    (["iam", "tag-user", "--user-name", "admin", "--tags", '[{"Key": 1, "Value": "b"}]'], "param"),
    (["iam", "create-user", "--cli-input-json", '{"UserName": 5, "Foo": 1}'], "param"),
    (["iam", "create-policy", "--cli-input-json", '{"PolicyName": "p", "PolicyDocument": {"Version": "1"}}'], "param"),
    (["iam", "simulate-custom-policy", "--policy-input-list", "{}", "--action-names", "s3"], "param"),
    (["iam", "update-access-key", "--access-key-id", "AKIA", "--status", "Active"], "param"),
    (["iam", "list-users", "--cli-input-json", '{"PaginationConfig": {}}', "--no-paginate"], "param"),
    (["s3api", "put-object", "--bucket", "b", "--key", "k", "--expires", "not a date"], "param"),
    # the catch-all
    (["sts", "get-session-token", "--duration-seconds", "1h"], "general"),
    (["iam", "list-users", "--starting-token", "a___b___c"], "general"),
    (["ec2", "associate-iam-instance-profile", "--instance-id", "i-1", "--iam-instance-profile", ""], "param"),
    (["iam", "list-users", "--policy-arns"], "usage"),
]


@pytest.mark.parametrize("argv, kind", ERRORS, ids=[" ".join(a) or "(nothing)" for a, _ in ERRORS])
def test_client_side_errors_match_the_real_cli(lab, real, argv, kind):
    """The same message and, with the CLI v2's codes, the same exit status; no request sent."""
    lab.reset()
    ours = lab.project.run(argv, host=False)
    theirs = real.run(argv, cwd=str(lab.folder))
    assert (ours.rc, ours.err) == as_v2(theirs, kind)
    assert ours.out == theirs.out == "" and ours.requests == theirs.requests == []


# -- more command lines: lists from files, queries, service errors ------------------------------

ALICE = "arn:aws:iam::123456789012:user/alice"
MORE = [
    # a list parameter from a file is the file's JSON list; a file holding one document is, as
    # the CLI reads it, the list of its characters (the service then refuses them)
    ["iam", "get-context-keys-for-custom-policy", "--policy-input-list", "file://{list_file}"],
    ["iam", "get-context-keys-for-custom-policy", "--policy-input-list", "file://{policy_file}"],
    ["iam", "get-context-keys-for-custom-policy", "--policy-input-list", "file://{list_file}", "file://{list_file}"],
    ["iam", "create-policy", "--policy-name", "FromFile", "--policy-document", "file://{policy_file}"],
    ["s3api", "put-object", "--bucket", "learner-bucket", "--key", "k", "--acl", "public-read", "--body", "{body}"],
    ["ec2", "describe-instances", "--instance-ids", "{web}", "{stopped}", "--query", "length(Reservations)"],
    ["ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--count", "1:2", "--associate-public-ip-address",
     "--secondary-private-ip-address-count", "2", "--query", "Instances[].InstanceId"],
    ["ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--enable-api-termination", "--query",
     "length(Instances)"],
    ["iam", "update-access-key", "--user-name", "alice", "--access-key-id", "{alice_key}", "--status", "Expired"],
    # the service's own pages (IsTruncated + Marker), walked by each CLI's paginator
    ["iam", "list-users", "--page-size", "1", "--query", "Users[].UserName"],
    ["iam", "list-users", "--page-size", "1", "--max-items", "1", "--output", "text"],
    ["iam", "list-users", "--page-size", "1001"],
    ["iam", "list-policies", "--scope", "AWS", "--page-size", "7", "--max-items", "10", "--query", "NextToken"],
    ["iam", "list-users", "--cli-input-json", '{"MaxItems": 1}', "--no-paginate", "--query", "IsTruncated"],
    ["ec2", "run-instances", "--image-id", "ami-0c02fb55956c7d316", "--count", "5", "--client-token", "t-1",
     "--query", "length(Instances)"],
    # --query, every output
    ["iam", "get-user", "--user-name", "alice", "--query", "User.Nope", "--output", "text"],
    ["iam", "get-user", "--user-name", "alice", "--query", "User.Nope"],
    ["iam", "get-user", "--user-name", "alice", "--query", "User.Nope", "--output", "table"],
    ["iam", "list-users", "--query", "Users[?UserName=='alice'].Arn | [0]", "--output", "text"],
    ["iam", "list-users", "--query", "Users[].[UserName, Path]", "--output", "table"],
    ["iam", "list-users", "--query", "Users[].[UserName, Path]", "--output", "text"],
    ["iam", "list-users", "--query", "length(Users)", "--output", "table"],
    ["iam", "list-users", "--query", "Users[0]", "--output", "text"],
    ["iam", "list-users", "--query", "{names: Users[].UserName, count: length(Users)}", "--output", "table"],
    ["iam", "get-account-summary", "--query", "SummaryMap.Users", "--output", "text"],
    ["sts", "get-caller-identity", "--query", "[Account, Arn]", "--output", "text"],
    ["iam", "list-attached-user-policies", "--user-name", "alice", "--query", "AttachedPolicies[].PolicyArn",
     "--output", "text"],
    ["iam", "simulate-principal-policy", "--policy-source-arn", ALICE, "--action-names", "s3:GetObject",
     "--query", "EvaluationResults[].[EvalActionName,EvalDecision]", "--output", "table"],
    ["iam", "list-users", "--query", "Users[].UserName", "--output", "text", "--no-paginate"],
    # service errors: the CLI's form, exit 254
    ["iam", "get-user", "--user-name", "nobody"],
    ["iam", "create-user", "--user-name", "alice"],
    ["iam", "update-access-key", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--status", "Foo"],
    ["s3api", "get-object", "--bucket", "learner-bucket", "--key", "missing", "out.txt"],
    ["iam", "list-users", "--max-items", "1", "--profile", "nosuchprofile"],
]


@pytest.mark.parametrize("argv", MORE, ids=" ".join)
def test_more_command_lines_match_the_real_cli(lab, real, argv):
    lab.reset()
    argv = command(argv, lab.account, lab.world)
    ours = lab.project.run(argv)
    theirs = real.run(argv, lab.project.responses, cwd=str(lab.folder))
    kind = "service" if "An error occurred" in theirs.err else "general"
    assert (ours.rc, ours.err, ours.out) == (*as_v2(theirs, kind), theirs.out)
    assert ours.requests == theirs.requests
