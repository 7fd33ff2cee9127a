"""Quiz banks: the shipped ones validate and cover the notes; a broken file names its file,
line and field, whatever is wrong with it, and never stops the other banks from loading."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sandbox.quiz.coverage import coverage
from sandbox.quiz.loader import catalogue, files_in, load_banks, load_file, load_text
from sandbox.quiz.model import KINDS, ScenarioInfo
from sandbox.quiz.reference import load_reference
from sandbox.quiz.tomlfile import QuizFileError
from sandbox.scenarios.loader import catalogue as scenario_catalogue
from sandbox.scenarios.topics import TOPICS

NOTES = Path("/work/shared/reference/iam-study-notes.txt")

# What the first writer shipped; the banks grow towards issue 15's 120 questions with every
# topic and exam tip asked at least twice (`iam-sandbox quiz coverage` lists what is missing).
SHIPPED_AT_LEAST = 120  # issue 15: at least 120 written questions


@pytest.fixture(scope="module")
def ref():
    scenarios, _ = scenario_catalogue()
    return load_reference(TOPICS, [ScenarioInfo(s.id, s.title, tuple(s.topics)) for s in scenarios])


@pytest.fixture(scope="module")
def shipped(ref):
    banks, errors = catalogue(ref)
    assert errors == []
    return [q for b in banks for q in b.questions]


# -- the shipped banks and reference data ------------------------------------------------------

def test_reference_has_the_27_exam_tips_of_the_notes_on_content_lines(ref):
    assert len(ref.tips) == 27
    assert all(t.line in ref.note_lines for t in ref.tips.values())
    assert all(set(t.topics) <= set(TOPICS) for t in ref.tips.values())
    assert sum(d.weight for d in ref.domains.values()) == 100


@pytest.mark.skipif(not NOTES.exists(), reason="the study notes live outside the repository")
def test_reference_lines_are_the_notes_lines_and_the_tips_are_the_exam_tip_bullets(ref):
    lines = NOTES.read_text(encoding="utf-8").splitlines()
    assert ref.note_lines == {i for i, line in enumerate(lines, 1) if line.strip()}
    bullets: set[int] = set()
    for number, line in enumerate(lines, 1):
        if "Exam Tips" not in line:
            continue
        for after in range(number + 1, len(lines) + 1):
            text = lines[after - 1].strip()
            if text and not text.startswith("•"):
                break
            if text:
                bullets.add(after)
    assert {t.line for t in ref.tips.values()} == bullets


def test_shipped_banks_validate_and_cover_every_topic_and_tip(ref, shipped):
    assert len(shipped) >= SHIPPED_AT_LEAST
    result = coverage(shipped, ref)
    assert result.questions == len(shipped)
    # issue 15: every topic T01-T31 and every exam tip asked by at least two questions
    assert set(result.topics) == set(TOPICS) and min(result.topics.values()) >= 2
    assert set(result.tips) == set(ref.tips) and min(result.tips.values()) >= 2
    assert all(result.kinds[k] >= 2 for k in KINDS)
    assert set(result.domains) == set(ref.domains) and min(result.domains.values()) >= 5


# Issue 15: every topic and exam tip asked at least twice, the central ones three times or more.
# Federation and Cognito (T15-T22, T28, T29) have their own bank writer and are checked apart.
FEDERATION = {"T15", "T16", "T17", "T18", "T19", "T20", "T21", "T22", "T28", "T29"}
CENTRAL = ["T05", "T06", "T07", "T12", "T13", "T14", "T23", "T24", "T25", "T26", "T27", "T31"]


def test_identity_role_and_policy_topics_and_tips_are_asked_at_least_twice(ref, shipped):
    result = coverage(shipped, ref)
    assert {t: n for t, n in result.topics.items() if t not in FEDERATION and n < 2} == {}
    assert {t: result.topics[t] for t in CENTRAL if result.topics[t] < 3} == {}
    ours = [tip_id for tip_id, tip in ref.tips.items() if not set(tip.topics) & FEDERATION]
    assert len(ours) == 13
    assert {t: result.tips[t] for t in ours if result.tips[t] < 2} == {}

def test_every_shipped_option_explains_itself_and_links_a_scenario(ref, shipped):
    for q in shipped:
        assert q.scenario, q.id
        assert q.scenario in ref.scenarios or q.scenario in ref.planned, q.id
        for o in q.options:
            assert len(o.why) >= 20, (q.id, o.text)
        for p in q.pairs:
            assert len(p.why) >= 20, (q.id, p.left)


def test_then_and_now_notes_cover_the_changes_the_notes_predate(shipped):
    by_id = {q.id: q for q in shipped}
    assert "access key" in by_id["basics-new-user-credentials"].then_and_now  # keys no longer made with users
    assert "AppSync" in by_id["cognito-push-sync"].then_and_now  # Cognito Sync superseded
    assert "Actions, Security, Modify IAM role" in by_id["roles-running-instance"].then_and_now  # console path


def test_coverage_json_matches_the_banks(capsys, shipped, ref):
    from sandbox.cli.main import main

    assert main(["quiz", "coverage", "--json"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    expected = coverage(shipped, ref)
    assert data["questions"] == len(shipped)
    assert data["topics"] == expected.topics and len(data["topics"]) == 31
    assert data["tips"] == expected.tips and len(data["tips"]) == 27
    assert data["missing"]["topics"] == sorted(t for t, n in expected.topics.items() if n < 2)


# -- errors name the file, the line and the field ---------------------------------------------

GOOD = '''\
[bank]
title = "Test bank"

[[question]]
id = "q-one"
kind = "single"
topics = ["T05"]
domain = "identities"
difficulty = "easy"
notes = [11]
scenario = "new-users-no-permissions"
prompt = "A new user can do what?"

[[question.option]]
text = "Nothing"
correct = true
why = "Right: nothing is allowed by default."

[[question.option]]
text = "Everything"
why = "No: new users have no permissions."
'''


def _error(text: str, ref) -> QuizFileError:
    with pytest.raises(QuizFileError) as info:
        load_text(text, ref, "bank.toml")
    return info.value


def test_good_bank_loads(ref):
    bank = load_text(GOOD, ref, "bank.toml")
    (q,) = bank.questions
    assert (q.id, q.kind, q.topics, q.line, q.file) == ("q-one", "single", ("T05",), 4, "bank.toml")
    assert [o.correct for o in q.options] == [True, False]


@pytest.mark.parametrize("old, new, line, field, words", [
    ('kind = "single"', 'kind = "essay"', 6, "question[0].kind", "must be one of"),
    ('topics = ["T05"]', 'topics = ["T99"]', 7, "question[0].topics", "unknown topic"),
    ('topics = ["T05"]', 'topics = ["5"]', 7, "question[0].topics", "topic ids"),
    ('domain = "identities"', 'domain = "networking"', 8, "question[0].domain", "must be one of"),
    ('difficulty = "easy"', 'difficulty = "trivial"', 9, "question[0].difficulty", "easy, medium, hard"),
    ('notes = [11]', 'notes = [2]', 10, "question[0].notes", "blank"),
    ('notes = [11]', 'tips = ["no-such-tip"]', 10, "question[0].tips", "unknown exam tip"),
    ('notes = [11]', 'notes = []', 10, "question[0].notes", "name the exam tip"),
    ('notes = [11]\n', '', 4, "question[0].tips", "name the exam tip"),
    ('scenario = "new-users-no-permissions"', 'scenario = "no-such-scenario"', 11, "question[0].scenario",
     "no scenario"),
    ('prompt = "A new user can do what?"', 'promt = "typo"', 12, "question[0].promt", "unknown field"),
    ('prompt = "A new user can do what?"', '', 4, "question[0].prompt", "is required"),
    ('prompt = "A new user can do what?"', 'prompt = ""', 12, "question[0].prompt", "must not be empty"),
    ('prompt = "A new user can do what?"', 'prompt = 42', 12, "question[0].prompt", "must be a string"),
    ('why = "No: new users have no permissions."', 'why = "bad \\u001b[31m colour"', 21,
     "question[0].option[1].why", "\\x1b"),
    ('why = "No: new users have no permissions."', 'why = "bidi \\u202e trick"', 21,
     "question[0].option[1].why", "\\u202e"),
    ('text = "Everything"', 'text = "Nothing"', 20, "question[0].option[1].text", "twice"),
    ('text = "Everything"\n', 'text = "Everything"\ncorrect = true\n', 4, "question[0].option", "exactly one"),
    ('correct = true\nwhy = "Right', 'correct = "yes"\nwhy = "Right', 16, "question[0].option[0].correct",
     "true or false"),
    ('id = "q-one"', 'id = "Q One"', 5, "question[0].id", "lowercase"),
    ('title = "Test bank"', 'titel = "Test bank"', 2, "bank.titel", "unknown field"),
])
def test_each_error_names_line_and_field(ref, old, new, line, field, words):
    assert old in GOOD
    err = _error(GOOD.replace(old, new, 1), ref)
    assert (err.path, err.line, err.field) == ("bank.toml", line, field), str(err)
    assert words in err.message
    assert str(err).startswith(f"bank.toml:{line}: {field}: ")


def test_kind_specific_errors(ref):
    multiple = GOOD.replace('kind = "single"', 'kind = "multiple"') + textwrap.dedent('''
        [[question.option]]
        text = "Something"
        why = "No: not even something."
        ''')
    err = _error(multiple, ref)
    assert (err.line, err.field) == (4, "question[0].option") and "from 2 to" in err.message

    order = GOOD.replace('kind = "single"', 'kind = "order"')
    err = _error(order, ref)  # options of an order question are written in order: no "correct"
    assert (err.line, err.field) == (16, "question[0].option[0].correct") and "unknown field" in err.message
    err = _error(order.replace("correct = true\n", ""), ref)
    assert (err.line, err.field) == (4, "question[0].option") and "at least 3" in err.message

    truefalse = GOOD.replace('kind = "single"', 'kind = "truefalse"')
    err = _error(truefalse, ref)
    assert err.field == "question[0].option" and "not used by a truefalse" in err.message

    truefalse = GOOD.split("[[question.option]]")[0].replace('kind = "single"', 'kind = "truefalse"')
    err = _error(truefalse, ref)
    assert (err.line, err.field) == (4, "question[0].answer") and "answer = true" in err.message

    match = GOOD.split("[[question.option]]")[0].replace('kind = "single"', 'kind = "match"') + textwrap.dedent('''
        [[question.pair]]
        left = "User pool"
        right = "Directory"
        why = "User pools store users."

        [[question.pair]]
        left = "User pool"
        right = "Credentials"
        why = "Identity pools give credentials."
        ''')
    err = _error(match, ref)
    second_left = [i for i, line in enumerate(match.splitlines(), 1) if line.startswith("left = ")][1]
    assert (err.line, err.field) == (second_left, "question[0].pair[1].left") and "twice" in err.message


def test_inline_option_tables_still_get_lines(ref):
    text = GOOD.split("[[question.option]]")[0] + textwrap.dedent('''\
        option = [
          { text = "Nothing", correct = true, why = "Right: nothing is allowed by default." },
          { text = "Everything", why = 7 },
        ]
        ''')
    err = _error(text, ref)
    assert (err.line, err.field) == (16, "question[0].option[1].why")


def test_duplicate_ids_in_a_file_and_across_files(ref, tmp_path):
    twice = GOOD + "\n" + GOOD.split("\n", 3)[3]
    err = _error(twice, ref)
    assert (err.line, err.field) == (24, "question[1].id") and "duplicate" in err.message
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD.replace("Test bank", "Copy"))
    banks, errors = load_banks(files_in(tmp_path), ref)
    assert [Path(b.path).name for b in banks] == ["a.toml"]
    assert len(errors) == 1 and errors[0].path.endswith("b.toml") and "also in" in errors[0].message


def test_file_level_errors(ref, tmp_path):
    err = _error("[bank\ntitle = 1", ref)
    assert err.line == 1 and "not valid TOML" in err.message
    err = _error("a = " + "[" * 50 + "]" * 50, ref)
    assert err.line == 1 and "deep" in err.message
    err = _error("x = 1\n" + "y = 2\n" * 100_000, ref)
    assert "larger than" in err.message
    err = _error(GOOD.replace('[bank]\ntitle = "Test bank"\n', ""), ref)
    assert err.field == "bank" and "is required" in err.message
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(GOOD.replace("Nothing", "Rien \xe9").encode("latin-1"))
    with pytest.raises(QuizFileError) as info:
        load_file(bad, ref)
    assert "not UTF-8" in info.value.message
    for odd in (tmp_path, Path("/dev/zero")):  # never read something that is not a file (or never ends)
        with pytest.raises(QuizFileError, match="not a regular file"):
            load_file(odd, ref)
    with pytest.raises(QuizFileError, match="cannot be read"):
        load_file(tmp_path / "missing.toml", ref)


def test_deep_nesting_is_refused_before_the_parser_recurses(ref):
    err = _error("a = " + "[" * 100_000 + "]" * 100_000, ref)
    assert "nests" in err.message


def test_control_characters_in_unknown_keys_are_shown_visibly(ref):
    err = _error(GOOD.replace('prompt = "A new', '"evil\\u001b]0;title\\u0007" = 1\nprompt = "A new'), ref)
    assert "\x1b" not in str(err) and "\\x1b" in str(err) and "unknown field" in err.message


def test_a_bad_file_never_breaks_the_other_banks(ref, tmp_path, capsys):
    from sandbox.cli.main import main

    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "bad.toml").write_text(GOOD.replace('id = "q-one"', 'id = "q-two"').replace('kind = "single"',
                                                                                           'kind = "essay"'))
    banks, errors = load_banks(files_in(tmp_path), ref)
    assert [b.title for b in banks] == ["Test bank"] and len(errors) == 1
    assert main(["quiz", "--banks", str(tmp_path), "list"]) == 0
    out = capsys.readouterr().out
    assert "good.toml" in out and "✗" in out and "bad.toml:6: question[0].kind" in out
    assert main(["quiz", "--banks", str(tmp_path), "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "✗" in out and "✓" in out and "1 invalid file" in out


def test_planned_scenario_links_are_accepted_and_reported(ref, tmp_path, capsys, monkeypatch):
    from sandbox.cli.main import main
    from sandbox.quiz import reference
    from sandbox.quiz.model import PlannedScenario

    # every planned scenario has shipped: plan one more (planned-scenarios.toml)
    lines, tips, domains, _ = reference._shipped()
    planned = {"future-lab": PlannedScenario("future-lab", 99, ("T05",))}
    monkeypatch.setattr(reference, "_shipped", lambda: (lines, tips, domains, planned))
    (tmp_path / "b.toml").write_text(GOOD.replace('"new-users-no-permissions"', '"future-lab"'))
    assert main(["quiz", "validate", str(tmp_path)]) == 0
    assert "planned scenarios: future-lab" in capsys.readouterr().out


def test_lines_and_nesting_ignore_what_is_inside_strings(ref):
    from sandbox.quiz.lines import Locator
    from sandbox.quiz.untrusted import nesting_depth

    text = GOOD.replace('prompt = "A new user can do what?"', 'prompt = """\nwhy = [[[[[[[[[[[[\nid = "x"\n"""')
    assert nesting_depth(text) is None
    err = _error(text.replace('why = "No: new users have no permissions."', 'why = 5'), ref)
    assert (err.line, err.field) == (24, "question[0].option[1].why")
    locator = Locator("a = '''\n[[question]]\n'''\n[[question]]\nid = 'x'\n")
    assert locator.line_of(("question", 0, "id")) == 5
    assert nesting_depth('a = "[[[[[[[[[[[[[[" # [[[[[[[[[[[\nb = [[[1]]]') is None
    assert nesting_depth("b = " + "[" * 9) == (9, 1)
