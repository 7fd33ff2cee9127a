"""Control characters from untrusted data never reach the learner's terminal raw (issue 10, 1).

One helper (``sandbox.text``) makes them visible as ``\\x1b`` / ``\\u202e``; the headless
commands pass all their output through it (``VisibleStream``), the JSON output writes what
``json.dumps`` leaves raw as ``\\uXXXX`` (still valid JSON), and the quiz and identity
provider modules use the same helper. The real AWS CLI prints such characters as they are
(a key with a newline is printed over two lines by ``aws s3 ls``, aws/aws-cli#675); the
sandbox shows them, because its data comes from files the learner did not write.
"""

from __future__ import annotations

import io
import json

import pytest

from sandbox.cli.main import main
from sandbox.idp import text as idp_text
from sandbox.quiz import untrusted
from sandbox.services import principals
from sandbox.services.gateway import Caller, Gateway
from sandbox.text import VisibleStream, json_visible, one_line, raw_control, underlying, visible
from sandbox.world import World, fs

OSC_TITLE = "\x1b]0;owned\x07"
OSC_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
EVIL = f"a{OSC_TITLE}b{OSC_CLIPBOARD}c\x1b[2J\x9b31md\u202ee\x7ff\x00g\ud800"


def test_visible_writes_each_control_character_as_an_escape():
    assert visible(EVIL) == ("a\\x1b]0;owned\\x07b\\x1b]52;c;cm0gLXJmIH4=\\x07c\\x1b[2J\\x9b31md\\u202ee\\x7ff"
                             "\\x00g\\ud800")
    assert raw_control(visible(EVIL)) is None


def test_tabs_and_newlines_stay_the_structure_of_the_text():
    assert visible("a\tb\nc\r\nd\re") == "a\tb\nc\r\nd\\x0de"  # a lone carriage return could hide a line
    assert one_line("a\tb\nc") == "a\\x09b\\x0ac"


def test_ascii_text_is_escaped_as_any_other():
    # ASCII text is checked with a smaller pattern (start-up time): each of the 128 characters,
    # alone and beside a non-ASCII letter (the full pattern), is shown the same way
    for code in range(128):
        ch = chr(code)
        for keep in ("\t\n", ""):
            assert visible(ch, keep) + "é" == visible(ch + "é", keep)
        assert json_visible(f'"{ch}"') + "é" == json_visible(f'"{ch}"é')
    assert visible("a\x7fb\rc") == "a\\x7fb\\x0dc" and json_visible('"\x7f"') == '"\\u007f"'


def test_json_stays_json():
    text = json.dumps({"k": "\x9b\u202e\x7f"}, ensure_ascii=False)
    shown = json_visible(text)
    assert raw_control(shown, keep="") is None and json.loads(shown) == {"k": "\x9b\u202e\x7f"}


def test_the_quiz_and_the_identity_providers_use_the_same_helper():
    assert untrusted.visible is one_line and idp_text.visible is one_line
    assert untrusted.control_character("x\x1by") == "\\x1b"


def test_the_stream_escapes_across_writes():
    sink = io.StringIO()
    stream = VisibleStream(sink)
    for ch in OSC_TITLE:
        stream.write(ch)
    assert sink.getvalue() == "\\x1b]0;owned\\x07" and underlying(stream) is sink


def _hostile(path) -> World:
    world = World(path)
    from sandbox.services.seed import build_default_world

    build_default_world(world)
    gateway = Gateway(world)
    root = Caller(principals.root_principal(world), "root")
    gateway.call(root, "iam", "CreateUser", {"UserName": "mallory", "Tags": [{"Key": "k", "Value": EVIL}]})
    gateway.call(root, "s3", "PutObject", {"Bucket": "experimenting-aws", "Key": "k" + EVIL,
                                           "Body": EVIL.encode("utf-8", "surrogatepass")[:40]})
    with world.transaction():
        fs.write(world, "laptop", "/home/learner/evil.txt", EVIL + "\n", now=world.now().isoformat())
    return world


@pytest.mark.parametrize("argv", [
    ["aws", "iam", "list-user-tags", "--user-name", "mallory", "--output", "text"],
    ["aws", "iam", "list-user-tags", "--user-name", "mallory", "--output", "table"],
    ["aws", "iam", "list-user-tags", "--user-name", "mallory"],
    ["aws", "iam", "list-user-tags", "--user-name", "mallory", "--output", "yaml"],
    ["aws", "s3", "ls", "s3://experimenting-aws"],
    ["aws", "s3api", "list-objects-v2", "--bucket", "experimenting-aws", "--output", "text"],
    ["world", "info"],
    ["events", "--tail", "5"],
    ["events", "--tail", "5", "--json"],
    ["shell"],
])
def test_no_command_prints_a_raw_control_character(tmp_path, capsys, monkeypatch, argv):
    world = _hostile(tmp_path / "w.json")
    monkeypatch.setattr("sys.stdin", io.StringIO("cat evil.txt\naws s3 ls s3://experimenting-aws\n"
                                                 f"echo -e '\\e]0;x\\a'\ncat nope{OSC_TITLE}\n"))
    capsys.readouterr()
    rc = main(["--world", str(world.path), *argv])
    out, err = capsys.readouterr()
    assert rc == 0 or argv[0] == "shell", err  # the shell's status is its last command's
    assert raw_control(out + err) is None
    if argv[0] == "shell":
        assert "\\x1b]0;owned\\x07" in out


def test_the_json_output_is_still_the_value(tmp_path, capsys):
    world = _hostile(tmp_path / "w.json")
    capsys.readouterr()
    assert main(["--world", str(world.path), "aws", "iam", "list-user-tags", "--user-name", "mallory"]) == 0
    value = json.loads(capsys.readouterr().out)["Tags"][0]["Value"]
    assert value == EVIL


def test_a_scenario_title_never_reaches_the_terminal_raw(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    text = open(__import__("sandbox.paths", fromlist=["x"]).scenarios_dir() / "05-groups.toml").read()
    (folder / "raw.toml").write_text(text.replace('title = "', f'title = "{OSC_TITLE}', 1))  # not TOML
    (folder / "evil.toml").write_text(text.replace('title = "', 'title = "\\u001b]0;owned\\u0007', 1))  # TOML
    rc = main(["--world", str(tmp_path / "w.json"), "--scenarios", str(folder), "scenario", "list"])
    out, err = capsys.readouterr()
    assert rc == 0 and raw_control(out + err) is None
    assert "evil.toml" in out and "control character \\x1b" in out  # refused, and said why
    assert "raw.toml" in out and "Illegal character '\\x1b'" in out
