"""The sandbox terminal as a learner types into it: files, quoting, variables scoped to
the terminal, ssh to an instance and back, and lines that must never crash it."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.services.gateway import Gateway
from sandbox.shell.session import ShellSession
from shellhelp import NO_CREDENTIALS, Term, fresh_world, instance_id, shell_script

# -- files and the small commands -------------------------------------------------------------------

def test_a_new_laptop_terminal_starts_at_home(lap):
    assert lap.ok("pwd").out == "/home/learner\n"
    assert lap.ok("whoami").out == "learner\n"
    assert lap.ok("hostname").out == "laptop\n"
    assert lap.ok("ls").out == "hello.txt\n"
    assert lap.ok("ls -a").out == ".  ..  .aws  hello.txt\n"
    assert lap.ok("ls ~/.aws").out == "config  credentials\n"
    assert lap.ok("cat hello.txt").out == "Hello from my laptop\n"
    assert lap.session.prompt() == "learner@laptop:~$ "
    lines = lap.ok("mkdir d; ls -l").lines
    assert lines[0] == "total 8"
    assert re.match(r"^drwxr-xr-x 1 learner learner  4096 [A-Z][a-z]{2} [ 123]\d \d\d:\d\d d$", lines[1])
    assert re.match(r"^-rw-r--r-- 1 learner learner    21 [A-Z][a-z]{2} [ 123]\d \d\d:\d\d hello.txt$", lines[2])


def test_files_mkdir_cd_touch_cp_mv_rm(lap):
    assert lap.ok("mkdir proj; cd proj; pwd").out == "/home/learner/proj\n"
    assert lap.session.prompt() == "learner@laptop:~/proj$ "
    lap.ok("touch a b")
    assert lap.ok("ls").out == "a  b\n"
    ran = lap.run("mkdir x/y")
    assert (ran.status, ran.err) == (1, "mkdir: cannot create directory 'x/y': No such file or directory\n")
    lap.ok("mkdir -p x/y")
    lap.ok("echo data > a; cp a x/y; mv b c")
    assert lap.ok("ls").out == "a  c  x\n"
    assert lap.ok("cat x/y/a").out == "data\n"
    ran = lap.run("rm x")
    assert (ran.status, ran.err) == (1, "rm: cannot remove 'x': Is a directory\n")
    lap.ok("rm -r x")
    ran = lap.run("rm nope")
    assert (ran.status, ran.err) == (1, "rm: cannot remove 'nope': No such file or directory\n")
    assert lap.ok("rm -f nope; echo $?").out == "0\n"
    ran = lap.run("cd nope")
    assert (ran.status, ran.err) == (1, "-bash: cd: nope: No such file or directory\n")
    ran = lap.run("cat nope")
    assert (ran.status, ran.err) == (1, "cat: nope: No such file or directory\n")
    assert lap.ok("cd -").out == "/home/learner\n"
    assert lap.ok("cd proj; cd ..; pwd").out == "/home/learner\n"
    assert lap.ok("cd; pwd").out == "/home/learner\n"


def test_echo_redirections_write_and_append(lap):
    lap.ok("echo one > notes.txt")
    lap.ok("echo two >> notes.txt")
    assert lap.ok("cat notes.txt").out == "one\ntwo\n"
    lap.ok("echo three > notes.txt")
    assert lap.ok("cat notes.txt").out == "three\n"
    ran = lap.run("ls nope 2> err.txt")
    assert (ran.status, ran.out, ran.err) == (2, "", "")
    assert lap.ok("cat err.txt").out == "ls: cannot access 'nope': No such file or directory\n"
    ran = lap.run("ls nope hello.txt > both.txt 2>&1")
    assert (ran.status, ran.out, ran.err) == (2, "", "")
    assert lap.ok("cat both.txt").out == "ls: cannot access 'nope': No such file or directory\nhello.txt\n"
    ran = lap.run("echo x > nodir/f")
    assert (ran.status, ran.err) == (1, "-bash: nodir/f: No such file or directory\n")
    assert lap.ok("echo -n no-newline").out == "no-newline"


def test_files_belong_to_their_machine(world, lap):
    lap.ok("echo laptop-only > mine.txt")
    web = Term(world, "web-1")
    assert web.ok("pwd").out == "/home/ec2-user\n"
    ran = web.run("cat mine.txt")
    assert (ran.status, ran.err) == (1, "cat: mine.txt: No such file or directory\n")
    assert web.ok("ls -a").out == ".  ..  .aws\n"
    assert lap.ok("cat mine.txt").out == "laptop-only\n"


def test_unknown_command_is_127_with_bash_wording(lap):
    ran = lap.run("foo --bar")
    assert (ran.status, ran.out, ran.err) == (127, "", "-bash: foo: command not found\n")
    assert lap.ok("echo $?").out == "127\n"


def test_history_help_clear(lap):
    lap.ok("pwd")
    lap.ok("echo hi")
    assert lap.ok("history").out == "    1  pwd\n    2  echo hi\n    3  history\n"
    assert "aws" in lap.ok("help").out and "curl" in lap.ok("help").out
    ran = lap.ok("clear")
    assert ran.out == "" and lap.last.clear


def test_rm_refuses_to_wipe_the_root(lap):
    ran = lap.run("rm -rf /")
    assert ran.status == 1
    assert ran.err == ("rm: it is dangerous to operate recursively on '/'\n"
                       "rm: use --no-preserve-root to override this failsafe\n")
    assert lap.ok("ls ~/.aws").out == "config  credentials\n"
    ran = lap.run("mkdir /")
    assert (ran.status, ran.err) == (1, "mkdir: cannot create directory '/': File exists\n")


# -- quoting and expansion ----------------------------------------------------------------------------

@pytest.mark.parametrize("line, printed", [
    ("echo 'a  b'   c", "a  b c"),
    ('echo "a  b"', "a  b"),
    ("echo '$HOME' \"$HOME\" $HOME ${HOME}/x", "$HOME /home/learner /home/learner /home/learner/x"),
    ('echo "it\'s" \'say "hi"\'', "it's say \"hi\""),
    ('echo a\\ b \\$HOME "\\$HOME" "q\\"q"', "a b $HOME $HOME q\"q"),
    ("echo $NOPE x", "x"),
    ('echo "[$NOPE]"', "[]"),
    ("echo $(echo inner)", "inner"),
    ('echo "$(echo one; echo two)"', "one\ntwo"),
    ("echo $(echo one; echo two)", "one two"),
    ("echo `echo back` \"`echo quoted`\" '`not`'", "back quoted `not`"),
    ("echo a#b # a comment", "a#b"),
    ("echo ~ ~/x", "/home/learner /home/learner/x"),
])
def test_quoting_and_expansion(lap, line, printed):
    assert lap.ok(line).out == printed + "\n"


def test_variables_split_into_words_unless_quoted(lap):
    lap.ok('FILES="a.txt b.txt"')
    lap.ok("touch $FILES")
    assert lap.ok("ls").out == "a.txt  b.txt  hello.txt\n"
    lap.ok('touch "$FILES"')
    assert lap.ok("ls").out == "a.txt  a.txt b.txt  b.txt  hello.txt\n"
    lap.ok("COPY=$FILES")
    assert lap.ok('echo "$COPY"').out == "a.txt b.txt\n"


def test_command_substitution_with_aws(world, lap):
    iid = instance_id(world)
    lap.ok("ID=$(aws ec2 describe-instances --filters Name=tag:Name,Values=web-1 "
            "--query 'Reservations[].Instances[].InstanceId' --output text)")
    assert lap.ok('echo "web-1 is $ID"').out == f"web-1 is {iid}\n"
    assert lap.ok("echo $?").out == "0\n"


def test_connectors(lap):
    assert lap.ok("echo a; echo b").out == "a\nb\n"
    assert lap.ok("mkdir d && echo made").out == "made\n"
    ran = lap.run("mkdir d && echo never")
    assert (ran.status, ran.out) == (1, "")
    assert lap.ok("cat nope || echo fallback").out == "fallback\n"
    assert lap.ok("echo first || echo never").out == "first\n"
    ran = lap.run("cat nope; echo after")
    assert (ran.status, ran.out) == (0, "after\n")
    assert lap.ok("export A=1; echo $A").out == "1\n"


def test_pipes_feed_one_command_into_the_next(world, lap):
    for name in ("carol", "bob", "dave"):
        lap.ok(f"aws iam create-user --user-name {name}")
    names = "aws iam list-users --query 'Users[].UserName' --output text"
    assert lap.ok(f"{names} | wc -w").out == f"{len(world['users'].all())}\n"
    assert lap.ok("aws iam list-users --output text | cut -f6 | grep -E 'bob|carol|dave' | sort -r").out == \
        "dave\ncarol\nbob\n"
    ran = lap.run("aws iam list-users --output json | grep -c UserName")
    assert ran.out == f"{len(world['users'].all())}\n"
    assert lap.ok("aws iam list-policies --scope AWS --query 'Policies[].PolicyName' --output text "
                   "| grep -o AmazonS3ReadOnlyAccess").out == "AmazonS3ReadOnlyAccess\n"
    # the status of a pipeline is that of its last command; stderr is not piped unless 2>&1
    ran = lap.run("aws iam get-user --user-name nobody | wc -l")
    assert (ran.status, ran.out) == (0, "0\n")
    assert "(NoSuchEntity)" in ran.err
    ran = lap.run("aws iam get-user --user-name nobody 2>&1 | grep -o NoSuchEntity")
    assert (ran.status, ran.out, ran.err) == (0, "NoSuchEntity\n", "")


def test_text_filters_read_files_or_what_was_piped(lap):
    lap.ok("echo c > f.txt; echo a >> f.txt; echo b >> f.txt; echo a >> f.txt")
    assert lap.ok("sort f.txt | uniq -c").out == "      2 a\n      1 b\n      1 c\n"
    assert lap.ok("sort -u f.txt").out == "a\nb\nc\n"
    assert lap.ok("head -n 2 f.txt").out == "c\na\n"
    assert lap.ok("tail -1 f.txt").out == "a\n"
    assert lap.ok("cat f.txt | head -n 1").out == "c\n"
    assert lap.ok("wc -l f.txt").out == "4 f.txt\n"
    assert lap.ok("echo one two | wc").out == "      1       2       8\n"
    assert lap.ok("grep -n a f.txt").out == "2:a\n4:a\n"
    assert lap.ok("wc -l < f.txt").out == "4\n"
    assert lap.ok("echo a,b,c | cut -d, -f2-").out == "b,c\n"
    ran = lap.run("grep zzz f.txt")
    assert (ran.status, ran.out) == (1, "")
    ran = lap.run("head -n x f.txt")
    assert (ran.status, ran.err) == (1, "head: invalid number of lines: 'x'\n")
    ran = lap.run("sort missing.txt")
    assert (ran.status, ran.err) == (1, "sort: missing.txt: No such file or directory\n")


def test_a_piped_answer_feeds_aws_configure(world, lap):
    lap.ok("echo AKIAEXAMPLE > answers; echo secret >> answers; echo eu-west-1 >> answers; echo json >> answers")
    lap.ok("cat answers | aws configure --profile piped")
    assert lap.ok("aws configure get region --profile piped").out == "eu-west-1\n"


def test_a_trailing_backslash_continues_the_command(world, lap):
    assert lap.ok("aws sts get-caller-identity \\").out == ""
    assert lap.session.prompt() == "> "
    assert lap.ok("    --query Arn \\").out == ""
    assert lap.ok("    --output text").out == f"arn:aws:iam::{world.account_id}:user/admin\n"
    assert lap.session.prompt() == "learner@laptop:~$ "
    assert lap.ok("echo escaped\\\\").out == "escaped\\\n"  # an escaped backslash does not continue
    assert lap.ok("history").lines[0] == "    1  aws sts get-caller-identity     --query Arn     --output text"


@pytest.mark.parametrize("line, message", [
    ('echo "unclosed', "-bash: unexpected EOF while looking for matching `\"'\n"),
    ("echo 'unclosed", "-bash: unexpected EOF while looking for matching `''\n"),
    ("echo $(echo x", "-bash: unexpected EOF while looking for matching `)'\n"),
    ("echo `echo x", "-bash: unexpected EOF while looking for matching ``'\n"),
    ("echo hi >", "-bash: syntax error near unexpected token `newline'\n"),
    ("; echo", "-bash: syntax error near unexpected token `;'\n"),
    ("echo a &&", "-bash: syntax error near unexpected token `&&'\n"),
    ("echo a |", "-bash: syntax error near unexpected token `|'\n"),
    ("| wc", "-bash: syntax error near unexpected token `|'\n"),
])
def test_syntax_errors_are_bash_messages_with_status_2(lap, line, message):
    ran = lap.run(line)
    assert (ran.status, ran.out, ran.err) == (2, "", message)


# -- terminal variables and the aws CLI ----------------------------------------------------------------

def _bob(lap) -> tuple[str, str]:
    lap.ok("aws iam create-user --user-name bob")
    key = lap.json("aws iam create-access-key --user-name bob")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def test_exported_keys_beat_the_credentials_file_but_not_profile(world, lap):
    key_id, secret = _bob(lap)
    acct = world.account_id
    lap.ok(f"export AWS_ACCESS_KEY_ID={key_id}")
    lap.ok(f"export AWS_SECRET_ACCESS_KEY={secret}")
    assert lap.ok("env").out.startswith(f"AWS_ACCESS_KEY_ID={key_id}\nAWS_SECRET_ACCESS_KEY={secret}\nHOME=")
    me = lap.json("aws sts get-caller-identity")
    assert me["Arn"] == f"arn:aws:iam::{acct}:user/bob"
    # --profile wins over the variables
    assert lap.json("aws sts get-caller-identity --profile default")["Arn"] == f"arn:aws:iam::{acct}:user/admin"
    # another terminal on the same laptop does not see them
    assert Term(world).json("aws sts get-caller-identity")["Arn"] == f"arn:aws:iam::{acct}:user/admin"
    lap.ok("unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY")
    assert lap.json("aws sts get-caller-identity")["Arn"] == f"arn:aws:iam::{acct}:user/admin"


def test_a_key_id_without_its_secret_is_partial_credentials(lap):
    lap.ok("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")
    ran = lap.run("aws sts get-caller-identity")
    assert (ran.status, ran.out, ran.err) == (255, "", "\nPartial credentials found in env, missing: "
                                                       "AWS_SECRET_ACCESS_KEY\n")
    assert lap.json("aws sts get-caller-identity --profile default")["Arn"].endswith(":user/admin")


def test_session_token_variable_goes_with_the_keys(world, lap):
    key_id, secret = _bob(lap)
    lap.ok(f"export AWS_ACCESS_KEY_ID={key_id} AWS_SECRET_ACCESS_KEY={secret} AWS_SESSION_TOKEN=bogus")
    code, operation, message = lap.aws_error("aws sts get-caller-identity")
    assert (code, operation) == ("InvalidClientTokenId", "GetCallerIdentity")
    assert message == "The security token included in the request is invalid."
    lap.ok("unset AWS_SESSION_TOKEN")
    assert lap.json("aws sts get-caller-identity")["Arn"].endswith(":user/bob")


def test_aws_profile_variable_selects_a_profile(world, lap):
    key_id, secret = _bob(lap)
    lap.ok(f"aws configure set aws_access_key_id {key_id} --profile bob")
    lap.ok(f"aws configure set aws_secret_access_key {secret} --profile bob")
    lap.ok("export AWS_PROFILE=bob")
    assert lap.session.prompt() == "(bob) learner@laptop:~$ "
    assert lap.json("aws sts get-caller-identity")["Arn"].endswith(":user/bob")
    lap.ok("export AWS_PROFILE=nobody")
    ran = lap.run("aws sts get-caller-identity")
    assert (ran.status, ran.err) == (255, "\nThe config profile (nobody) could not be found\n")
    lap.ok("unset AWS_PROFILE")
    assert lap.json("aws sts get-caller-identity")["Arn"].endswith(":user/admin")


def test_aws_region_and_default_output_variables(world, lap):
    acct = world.account_id
    lap.ok("export AWS_DEFAULT_OUTPUT=text")
    me = lap.ok("aws sts get-caller-identity").out
    assert me.startswith(f"{acct}\tarn:aws:iam::{acct}:user/admin\tAIDA") and me.count("\t") == 2
    lap.ok("unset AWS_DEFAULT_OUTPUT")
    lap.ok("rm ~/.aws/config")
    ran = lap.run("aws ec2 describe-instances")
    assert ran.status == 253
    assert ran.err == '\nYou must specify a region. You can also configure your region by running "aws configure".\n'
    lap.ok("export AWS_REGION=us-east-1")
    assert lap.ok("aws ec2 describe-instances --query 'Reservations[].Instances[].State.Name' "
                   "--output text").out == "running\n"


# -- ssh and exit ------------------------------------------------------------------------------------

def test_ssh_by_name_or_id_and_exit_back(world, lap):
    iid = instance_id(world)
    row = world["instances"].get(iid)
    ip, private = row["PublicIpAddress"], row["PrivateIpAddress"]
    lap.ok("export AWS_PROFILE=default")
    ran = lap.ok("ssh web-1")
    assert ran.out == f"Connected to web-1 ({iid}, {ip}). Type exit to go back.\n"
    assert lap.ok("hostname").out == f"ip-{private.replace('.', '-')}\n"
    assert lap.ok("whoami").out == "ec2-user\n"
    assert lap.session.prompt() == f"[ec2-user@ip-{private.replace('.', '-')} ~]$ "
    assert "AWS_PROFILE" not in lap.ok("env").out  # a new login shell: the laptop's variables stay there
    lap.ok("mkdir app; cd app")
    assert lap.session.prompt() == f"[ec2-user@ip-{private.replace('.', '-')} app]$ "
    assert lap.ok("exit").out == f"logout\nConnection to {ip} closed.\n"
    assert lap.ok("hostname").out == "laptop\n"
    assert "AWS_PROFILE=default" in lap.ok("env").out
    assert lap.ok(f"connect {iid}").out.startswith("Connected to web-1")
    assert lap.ok("pwd").out == "/home/ec2-user\n"
    lap.ok("exit")
    ran = lap.run("ssh web-9")
    assert (ran.status, ran.err) == (255, "ssh: Could not resolve hostname web-9: Name or service not known\n")
    assert not lap.last.closed
    ran = lap.run("exit")  # without N, exit keeps the last command's status, as bash does
    assert (ran.status, lap.last.closed) == (255, True)


def test_aws_on_an_instance_without_role_or_keys(world):
    web = Term(world, "web-1")
    ran = web.run("aws s3 ls")
    assert (ran.status, ran.out, ran.err) == (253, "", NO_CREDENTIALS)
    assert web.ok("cat ~/.aws/config").out == "[default]\nregion = us-east-1\n"


def test_curl_reaches_only_the_metadata_service_and_only_on_ec2(world, lap):
    ran = lap.run("curl https://example.com/")
    assert (ran.status, ran.out, ran.err) == (6, "", "curl: (6) Could not resolve host: example.com\n")
    ran = lap.run("curl http://169.254.169.254/latest/meta-data/")
    assert ran.status == 28 and ran.out == ""
    assert ran.err.startswith("curl: (28) Failed to connect to 169.254.169.254 port 80") and "Timeout" in ran.err
    ran = lap.run("curl http://[oops/")
    assert (ran.status, ran.err) == (3, "curl: (3) URL using bad/illegal format or missing URL\n")
    web = Term(world, "web-1")
    ran = web.run("curl http://s3.amazonaws.com/")
    assert (ran.status, ran.err) == (6, "curl: (6) Could not resolve host: s3.amazonaws.com\n")
    assert web.ok("curl http://169.254.169.254/latest/meta-data/instance-id").out == instance_id(world) + "\n"


# -- iam-sandbox shell, headless ----------------------------------------------------------------------

def test_shell_reads_commands_from_stdin_and_stops_at_exit(tmp_path, capsys, monkeypatch):
    path = tmp_path / "world.json"
    rc, out, err = shell_script(path, "echo hi > f.txt\ncat f.txt\ncat missing\nexit\necho never\n",
                                capsys, monkeypatch)
    assert (rc, out) == (1, "hi\n")  # exit with no N: the status of cat missing
    assert err == "cat: missing: No such file or directory\n"
    rc, out, err = shell_script(path, "pwd\necho a \\\nb\nfoo\n", capsys, monkeypatch, "--echo")
    assert rc == 127
    assert out == "learner@laptop:~$ pwd\n/home/learner\nlearner@laptop:~$ echo a \\\n> b\na b\nlearner@laptop:~$ foo\n"
    assert err == "-bash: foo: command not found\n"


def test_shell_on_a_machine_that_does_not_exist(tmp_path, capsys, monkeypatch):
    rc, out, err = shell_script(tmp_path / "world.json", "pwd\n", capsys, monkeypatch, "--machine", "nope")
    assert (rc, out) == (255, "")
    assert err == "ssh: Could not resolve hostname nope: Name or service not known\n"


# -- bash idioms: $(...) errors, NAME=VALUE prefixes, globs, $((...)), exit N, ssh HOST CMD ---------------

def test_errors_inside_command_substitution_reach_the_terminal(lap):
    ran = lap.run('X=$(cat nofile); echo "[$X]"')
    assert (ran.out, ran.err) == ("[]\n", "cat: nofile: No such file or directory\n")
    # a failed assume-role in $(...) says why, and the assignment takes its status (bash:
    # "the exit status of the last command substitution performed"). AssumeRole wants a
    # RoleSessionName of at least 2 characters, which the CLI checks before sending:
    # https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    ran = lap.run("CREDS=$(aws sts assume-role --role-arn arn:aws:iam::123456789012:role/x --role-session-name s)")
    assert (ran.status, ran.out) == (252, "")
    assert "Invalid length for parameter RoleSessionName, value: 1, valid min length: 2" in ran.err
    assert lap.ok('echo "[$CREDS]"').out == "[]\n"
    # 2>&1 inside captures the error instead; 2> inside sends it to a file
    assert lap.ok('X=$(cat nofile 2>&1); echo "$X"').out == "cat: nofile: No such file or directory\n"
    ran = lap.run('echo "[$(cat nofile 2>/dev/null)]"')
    assert (ran.out, ran.err) == ("[]\n", "")
    # like a subshell: cd, variables and exit inside do not outlive it
    assert lap.ok("echo $(cd /; Y=1; pwd); pwd; echo \"[$Y]\"").out == "/\n/home/learner\n[]\n"
    assert lap.ok("echo $(exit 5)after").out == "after\n" and not lap.last.closed


def _bob_profile(lap) -> None:
    key_id, secret = _bob(lap)
    lap.ok(f"aws configure set aws_access_key_id {key_id} --profile bob")
    lap.ok(f"aws configure set aws_secret_access_key {secret} --profile bob")


def test_a_variable_before_a_command_is_for_that_command_only(world, lap):
    # bash: "the variables are added to the environment of the executed command and do not
    # affect the current shell environment" (GNU bash manual, Simple Command Expansion);
    # the AWS CLI reads AWS_PROFILE from that environment:
    # https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html
    _bob_profile(lap)
    acct = world.account_id
    assert lap.json("AWS_PROFILE=bob aws sts get-caller-identity")["Arn"] == f"arn:aws:iam::{acct}:user/bob"
    assert lap.session.prompt() == "learner@laptop:~$ "
    assert lap.json("aws sts get-caller-identity")["Arn"] == f"arn:aws:iam::{acct}:user/admin"
    assert lap.ok("FOO=bar env | grep FOO").out == "FOO=bar\n"
    assert lap.ok('echo "[$FOO]"').out == "[]\n"
    lap.ok("export FOO=old")
    assert lap.ok("FOO=new A=1 env | grep -E '^(FOO|A)='").out == "A=1\nFOO=new\n"
    assert lap.ok("echo $FOO").out == "old\n" and "A=" not in lap.ok("env").out
    # assignments alone still set terminal variables, all of them
    assert lap.ok('A=1 B="x y"; echo $A $B').out == "1 x y\n"
    # env NAME=VALUE COMMAND and env -u do the same from the other side
    assert lap.json("env AWS_PROFILE=bob aws sts get-caller-identity")["Arn"].endswith(":user/bob")
    ran = lap.run("env -u HOME | grep -c HOME=")
    assert (ran.status, ran.out) == (1, "0\n")
    assert lap.ok("echo $HOME").out == "/home/learner\n"
    ran = lap.run("env nosuch")
    assert (ran.status, ran.err) == (127, "env: \u2018nosuch\u2019: No such file or directory\n")
    ran = lap.run("X=$(false) Y=1")
    assert ran.status == 1 and lap.ok("echo $Y").out == "1\n"


def test_pathname_expansion_of_unquoted_patterns(lap):
    # bash rules: https://www.gnu.org/software/bash/manual/html_node/Filename-Expansion.html
    lap.ok("touch b.txt a.txt .hidden.txt notes.md; mkdir d; touch d/x.json d/y.json")
    assert lap.ok("ls *.txt").out == "a.txt  b.txt  hello.txt\n"
    assert lap.ok("echo *.txt").out == "a.txt b.txt hello.txt\n"
    assert lap.ok("echo .*.txt").out == ".hidden.txt\n"  # dotfiles only for a leading .
    assert lap.ok("echo h?llo.[tx]xt [!h]*.txt").out == "hello.txt a.txt b.txt\n"
    assert lap.ok("echo */*.json").out == "d/x.json d/y.json\n"
    assert lap.ok("echo ~/d/*").out == "/home/learner/d/x.json /home/learner/d/y.json\n"
    assert lap.ok("cat d/*.json | wc -l").out == "0\n"
    # quoted or escaped, a pattern is plain text; a pattern that matches nothing stays as typed
    assert lap.ok("echo '*.txt' \"*.txt\" \\*.txt nomatch*").out == "*.txt *.txt *.txt nomatch*\n"
    assert lap.ok("echo --exclude '*' s3://experimenting-aws/*").out == "--exclude * s3://experimenting-aws/*\n"
    ran = lap.run("ls '*.txt'")
    assert (ran.status, ran.err) == (2, "ls: cannot access '*.txt': No such file or directory\n")
    # an unquoted variable's value is a pattern too; quoted it is not
    assert lap.ok("P='*.md'; echo $P \"$P\"").out == "notes.md *.md\n"
    # NAME=VALUE is an assignment, not a pattern
    assert lap.ok("A=*.txt; echo \"$A\"").out == "*.txt\n"
    # an unquoted --query with [*] is left alone when no file is named like it ...
    assert lap.ok("aws iam list-users --query Users[*].UserName --output text").out == "admin\n"
    # ... and, as in bash, would match a file that is: quoting keeps it safe
    lap.ok("touch 'Users*.UserName'")
    assert lap.ok("echo Users[*].UserName 'Users[*].UserName'").out == "Users*.UserName Users[*].UserName\n"
    assert lap.ok("aws iam list-users --query 'Users[*].UserName' --output text").out == "admin\n"


@pytest.mark.parametrize("line, printed", [
    ("echo $((1+2)) $(( (2+3)*4 )) \"$((10-1))\"", "3 20 9"),
    ("echo $((7/2)) $((-7/2)) $((-7%3)) $((2**10))", "3 -3 -1 1024"),  # C division, as bash
    ("N=5; echo $((N*2)) $(($N+1)) $((UNSET+1))", "10 6 1"),
    ("echo $((0x10 + 010)) $((9223372036854775807+1))", "24 -9223372036854775808"),  # 64-bit wrap
    ("echo '$((1+1))'", "$((1+1))"),
    ("echo $(( $(echo 6) * 7 ))", "42"),
])
def test_arithmetic_expansion(lap, line, printed):
    assert lap.ok(line).out == printed + "\n"


@pytest.mark.parametrize("line, message", [
    ("echo $((1/0)); echo never", '-bash: 1/0: division by 0 (error token is "0")\n'),
    ("echo $((1+))", '-bash: 1+: syntax error: operand expected (error token is "+")\n'),
    ("echo $((1 2))", '-bash: 1 2: syntax error in expression (error token is "2")\n'),
    ("echo $((09))", '-bash: 09: value too great for base (error token is "09")\n'),
])
def test_arithmetic_errors_are_bash_messages_with_status_1(lap, line, message):
    ran = lap.run(line)
    assert (ran.status, ran.out, ran.err) == (1, "", message)


def test_exit_sets_the_status(world, lap):
    ran = lap.run("exit 3")
    assert (ran.status, lap.last.closed) == (3, True)
    assert lap.run("false; exit").status == 1  # no N: the last command's status
    assert lap.run("exit 256").status == 0 and lap.run("exit -1").status == 255
    ran = lap.run("exit abc")
    assert (ran.status, ran.err, lap.last.closed) == (2, "-bash: exit: abc: numeric argument required\n", True)
    ran = lap.run("exit 1 2")
    assert (ran.status, ran.err, lap.last.closed) == (1, "-bash: exit: too many arguments\n", False)
    # in a pipeline, exit ends only its subshell
    ran = lap.run("exit 7 | echo piped")
    assert (ran.status, ran.out, lap.last.closed) == (0, "piped\n", False)
    # on an instance, exit N goes back to the laptop; ssh gives N as its status
    lap.ok("ssh web-1")
    ran = lap.run("exit 4")
    assert (ran.status, lap.last.closed) == (4, False)
    assert lap.ok("hostname; echo $?").out == "laptop\n0\n"


def test_exit_status_of_iam_sandbox_shell(tmp_path, capsys, monkeypatch):
    rc, out, _ = shell_script(tmp_path / "world.json", "echo hi\nexit 3\necho never\n", capsys, monkeypatch)
    assert (rc, out) == (3, "hi\n")


def test_shell_runs_a_script_file_like_bash(tmp_path, capsys, monkeypatch):
    world = tmp_path / "world.json"
    script = tmp_path / "lesson.sh"
    script.write_text("#!/bin/bash\necho $((6*7))\nls *.txt\naws configure --profile piped\n"
                      "aws configure get region --profile piped\nexit 4\necho never\n")
    answers = "AKIAEXAMPLE\nsecret\neu-west-1\njson\n"  # prompts still read standard input
    rc, out, err = shell_script(world, answers, capsys, monkeypatch, str(script))
    assert rc == 4 and err == ""
    assert out.startswith("42\nhello.txt\n") and out.endswith("eu-west-1\n")
    rc, out, err = shell_script(world, "", capsys, monkeypatch, "--echo", str(script))
    assert out.startswith("learner@laptop:~$ #!/bin/bash\nlearner@laptop:~$ echo $((6*7))\n42\n")
    missing = tmp_path / "nope.sh"
    rc, out, err = shell_script(world, "", capsys, monkeypatch, str(missing))
    assert (rc, out, err) == (127, "", f"iam-sandbox shell: {missing}: No such file or directory\n")
    rc, out, err = shell_script(world, "", capsys, monkeypatch, str(tmp_path))
    assert (rc, err) == (126, f"iam-sandbox shell: {tmp_path}: Is a directory\n")


def test_ssh_with_a_command_runs_it_on_the_instance_and_comes_back(world, lap):
    private = world["instances"].get(instance_id(world))["PrivateIpAddress"]
    ran = lap.ok("ssh web-1 hostname")
    assert ran.out == f"ip-{private.replace('.', '-')}\n"  # no banner, as real ssh with a command
    assert lap.session.prompt() == "learner@laptop:~$ " and len(lap.session.frames) == 1
    ran = lap.run("ssh ec2-user@web-1 'echo $HOME; exit 4'")  # expanded there, not here
    assert (ran.status, ran.out) == (4, "/home/ec2-user\n")
    assert lap.ok("echo hi | ssh web-1 wc -c").out == "3\n"  # stdin goes along
    lap.ok("ssh -i key.pem web-1 'echo remote > r.txt'")
    assert lap.ok("ssh web-1 cat r.txt").out == "remote\n"
    assert lap.run("cat r.txt").status == 1  # the file is on the instance, not the laptop
    ran = lap.run("ssh web-9 hostname")
    assert (ran.status, ran.err) == (255, "ssh: Could not resolve hostname web-9: Name or service not known\n")


def test_completion_looks_past_variable_prefixes(world, lap):
    from sandbox.shell.completion import complete

    assert "sts" in complete(lap.session, "AWS_PROFILE=bob aws st")
    assert complete(lap.session, "env -u HOME A=1 ec") == ["echo"]
    assert complete(lap.session, "ssh web-1 ho") == []


# -- files: the terminal's machine, or the host for iam-sandbox aws -------------------------------

def test_in_the_terminal_local_paths_are_the_machines(tmp_path, lap):
    host = tmp_path / "host.json"
    host.write_text("{}")
    ran = lap.run(f"aws s3 cp {host} s3://experimenting-aws/")
    assert (ran.status, ran.err) == (255, f"\nThe user-provided path {host} does not exist.\n")
    ran = lap.run("aws iam create-policy --policy-name p --policy-document file://.aws")
    assert ran.status == 252
    assert ran.err == ("\nError parsing parameter '--policy-document': Unable to load paramfile file://.aws: "
                       "[Errno 21] Is a directory: '.aws'\n")


def test_iam_sandbox_aws_reads_input_files_from_the_host_then_the_laptop(sb, tmp_path, monkeypatch):
    from sandbox.world import fs

    monkeypatch.chdir(tmp_path)
    (tmp_path / "pol.json").write_text('{"from": "host"}')
    r = sb.aws("s3", "cp", "pol.json", "s3://experimenting-aws/")
    assert (r.rc, r.out) == (0, "upload: ./pol.json to s3://experimenting-aws/pol.json\n")
    assert sb.world()["objects"].get("experimenting-aws/pol.json")["Body"] == '{"from": "host"}'
    r = sb.aws("s3api", "put-object", "--bucket", "experimenting-aws", "--key", "b.json", "--body",
               str(tmp_path / "pol.json"))
    assert r.rc == 0 and sb.world()["objects"].get("experimenting-aws/b.json")["Body"] == '{"from": "host"}'
    # no such file here: the laptop's (its home is the laptop terminal's folder)
    r = sb.aws("s3", "cp", "hello.txt", "s3://experimenting-aws/copy.txt")
    assert (r.rc, r.out) == (0, "upload: ./hello.txt to s3://experimenting-aws/copy.txt\n")
    # neither has it: the message says where it looked
    r = sb.aws("s3", "cp", "nofile.txt", "s3://experimenting-aws/")
    assert (r.rc, r.err) == (255, "\nThe user-provided path nofile.txt does not exist (looked on this computer "
                                  "and on your sandbox laptop).\n")
    r = sb.aws("s3api", "put-object", "--bucket", "experimenting-aws", "--key", "k", "--body", "nofile.txt")
    assert (r.rc, r.err) == (252, "\nError parsing parameter '--body': Blob values must be a path to a file "
                                  "(looked for nofile.txt on this computer and on your sandbox laptop).\n")
    r = sb.aws("iam", "create-policy", "--policy-name", "p", "--policy-document", f"file://{tmp_path}")
    assert r.rc == 252 and f"[Errno 21] Is a directory: '{tmp_path}'" in r.err
    # folders come only from the laptop; moving never deletes a file of this computer
    (tmp_path / "site").mkdir()
    r = sb.aws("s3", "cp", "site", "s3://experimenting-aws/", "--recursive")
    assert (r.rc, r.err) == (255, "\nThe user-provided path site does not exist (looked on your sandbox laptop: "
                                  "iam-sandbox aws copies folders only from there, never from this computer).\n")
    r = sb.aws("s3", "mv", "pol.json", "s3://experimenting-aws/")
    assert r.rc == 1 and "iam-sandbox does not delete files on this computer" in r.err
    assert (tmp_path / "pol.json").exists()
    assert fs.is_file(sb.world(), "laptop", "/home/learner/hello.txt")


def test_iam_sandbox_aws_writes_only_on_the_laptop_and_says_so(sb, tmp_path, monkeypatch):
    from sandbox.world import fs

    monkeypatch.chdir(tmp_path)
    r = sb.aws("s3api", "get-object", "--bucket", "experimenting-aws", "--key", "hello.txt", "out.txt")
    assert r.rc == 0
    assert r.err == "(saved on your sandbox laptop as /home/learner/out.txt; see it with iam-sandbox shell)\n"
    assert not (tmp_path / "out.txt").exists()
    assert fs.read(sb.world(), "laptop", "/home/learner/out.txt") == "Hello v1 from my laptop\n"  # the object
    r = sb.aws("s3api", "get-object", "--bucket", "experimenting-aws", "--key", "hello.txt", str(tmp_path / "o.txt"))
    assert (r.rc, r.err) == (252, f"\nUnable to write to file: {tmp_path / 'o.txt'} (iam-sandbox aws writes files "
                                  f"on your sandbox laptop, never on this computer, and it has no folder "
                                  f"{tmp_path})\n")
    r = sb.aws("s3", "cp", "s3://experimenting-aws/hello.txt", "copy.txt")
    assert (r.rc, r.out) == (0, "download: s3://experimenting-aws/hello.txt to ./copy.txt\n")
    assert r.err == "(saved on your sandbox laptop as /home/learner/copy.txt; see it with iam-sandbox shell)\n"
    assert not (tmp_path / "copy.txt").exists()


def test_iam_sandbox_aws_never_reads_the_hosts_aws_folder(sb, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    (home / ".aws" / "credentials").write_text("[default]\naws_access_key_id = HOST-SECRET\n")
    monkeypatch.setenv("HOME", str(home))
    r = sb.aws("s3", "cp", "~/.aws/credentials", "s3://experimenting-aws/creds")
    assert r.rc == 0
    body = sb.world()["objects"].get("experimenting-aws/creds")["Body"]
    assert "HOST-SECRET" not in body and body.startswith("[default]\naws_access_key_id = AKIA")  # the laptop's


# -- arbitrary input never crashes the terminal -----------------------------------------------------

WORDS = ["aws", "s3", "s3api", "iam", "ec2", "sts", "ls", "cp", "mv", "rm", "mb", "rb", "s3://experimenting-aws",
         "s3://", "--recursive", "--query", "--output", "text", "--profile", "--region", "--no-sign-request",
         "curl", "-X", "PUT", "-H", "http://169.254.169.254/latest/meta-data/iam/", "ssh", "connect", "web-1",
         "exit", "cd", "~", "..", "/", "echo", "cat", "touch", "mkdir", "-p", "-rf", "export", "unset", "env",
         "AWS_PROFILE=x", "history", "help", ">", ">>", "2>", "2>&1", "<", "|", "&", "&&", "||", ";", "'", '"',
         "$(", ")", "`", "${", "}", "$", "$?", "\\", "#", "=", "-", "configure", "list", "describe-instances"]
LINES = st.one_of(st.text(max_size=80),
                  st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=8).map(" ".join))


@pytest.fixture(scope="module")
def fuzz_session():
    return ShellSession(Gateway(fresh_world()))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=LINES)
def test_no_input_line_raises_or_prints_a_traceback(fuzz_session, line):
    out, err = io.StringIO(), io.StringIO()
    result = fuzz_session.run(line, out, err)
    text = out.getvalue() + err.getvalue()
    assert isinstance(result.status, int)
    assert "Traceback" not in text
    assert "internal error in the sandbox" not in text
