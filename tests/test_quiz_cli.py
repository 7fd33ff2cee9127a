"""``iam-sandbox quiz`` in a plain terminal, driven through standard input as a script or
a screen-reader user would: every kind of answer, practice feedback, the exam's result,
review and due modes, stats, tips, export, and no traceback whatever is typed."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys

import pytest

from sandbox.cli.main import main
from sandbox.quiz import draw
from sandbox.quiz.answers import Answer, grade
from sandbox.quiz.loader import catalogue
from sandbox.quiz.model import ScenarioInfo
from sandbox.quiz.reference import load_reference
from sandbox.quiz.results import Results
from sandbox.quiz.session import PRACTICE, Session
from sandbox.scenarios.loader import catalogue as scenario_catalogue
from sandbox.scenarios.topics import TOPICS


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Results in a fresh data directory, under a known learner name."""
    monkeypatch.setenv("IAM_SANDBOX_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("IAM_SANDBOX_LEARNER", "sam")
    monkeypatch.delenv("IAM_SANDBOX_QUIZ", raising=False)
    return tmp_path / "data"


def run(capsys, monkeypatch, *argv, stdin=""):
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    rc = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return rc, out, err


def written():
    scenarios, _ = scenario_catalogue()
    ref = load_reference(TOPICS, [ScenarioInfo(s.id, s.title, tuple(s.topics)) for s in scenarios])
    banks, _ = catalogue(ref)
    return ref, [q for b in banks for q in b.questions]


def right_answers(questions, seed):
    """The answers a perfect learner types, found by replaying the sitting's presentation."""
    s = Session(questions, PRACTICE, seed)
    answers = []
    while (p := s.next()) is not None:
        n = len(p.question.pairs) or len(p.question.options)
        if p.question.kind in ("order", "match"):
            answer = Answer(tuple(range(n)))
        else:
            answer = Answer(tuple(i for i, o in enumerate(p.question.options) if o.correct))
        answers.append(grade(p, answer).expected)
        s.skip()
    return answers


def answer_right(capsys, monkeypatch, count: int, seed: int):
    """A written-only sitting answered right, through the CLI."""
    _, questions = written()
    chosen = draw.practice(questions, random.Random(seed), count, source=draw.WRITTEN_ONLY)
    return run(capsys, monkeypatch, "quiz", "start", "--source", "written", "--count", str(count), "--seed",
               str(seed), stdin="\n".join(right_answers(chosen, seed)) + "\n")


def test_the_issue_example_works(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--count", "1", "--seed", "7", stdin="2\n")
    assert rc == 0
    assert "Question 1 of 1" in out and "\n  1. " in out and "\n  2. " in out
    marked = ("✓ Correct." in out) != ("✗ Not quite." in out)
    asked_again = "Use each number" in out or "Match every" in out or "Choose exactly" in out
    assert marked != asked_again  # "2" is marked, or (for an order, match or choose-N question) asked again
    assert f"You answered {int(marked)} of 1 question:" in out


def test_every_written_question_answered_right_through_stdin(capsys, monkeypatch):
    """Choice (2), choose-N (1,3), ordering (3 1 2 4), matching (1b 2a 3c) and true/false,
    all typed through standard input."""
    _, questions = written()
    seed = 11
    chosen = draw.practice(questions, random.Random(seed), len(questions), source=draw.WRITTEN_ONLY)
    answers = right_answers(chosen, seed)
    kinds = {q.kind for q in chosen}
    assert kinds == {"single", "multiple", "truefalse", "order", "match"}
    assert any("," in a for a in answers) and any(" " in a and a[0].isdigit() and a[1] == " " for a in answers)
    assert any(a[1].isalpha() for a in answers if len(a) > 1)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--source", "written", "--count", str(len(questions)),
                     "--seed", str(seed), stdin="\n".join(answers) + "\n")
    assert rc == 0
    assert out.count("✓ Correct.") == len(questions) and "✗ Not quite" not in out
    assert f"You answered {len(questions)} of {len(questions)} questions: {len(questions)} right." in out
    mine = Results().learner("sam")
    assert len(mine.answers) == len(questions) and len(mine.cards) == len(questions)


def test_eof_ends_the_quiz_cleanly_with_a_summary(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--count", "3", "--seed", "5", stdin="")
    assert rc == 0
    assert "You answered 0 of 3 questions: 0 right." in out and "Not answered: 3." in out


def test_unreadable_answers_are_asked_again_and_skip_and_quit_work(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--count", "3", "--seed", "5",
                     "--source", "written", stdin="banana\n99\ns\nq\n")
    assert rc == 0
    assert "'banana' is not one of the numbers" in out and "'99' is not one of the numbers" in out
    assert "Question 2 of 3" in out and "Question 3 of 3" not in out
    assert "You answered 0 of 3 questions" in out


@pytest.mark.parametrize("line", ["\x1b]0;owned\x07", "1" * 5000, "\x00", "1b 2a 3c 4d 5e 6f 7g 8h 9i",
                                  "-1", "1,1,1", "ä", "\udcff"])
def test_no_traceback_whatever_is_typed(capsys, monkeypatch, line):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--count", "2", "--seed", "3", stdin=line + "\n")
    assert rc == 0 and "\x1b]0" not in out and "\x00" not in out


def test_practice_feedback_shows_every_why_then_and_now_and_where_to_try_it(capsys, monkeypatch):
    _, questions = written()
    q = next(q for q in questions if q.id == "basics-new-user-credentials")
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--tip", "nope-not-a-tip")
    assert rc == 2
    seed = next(s for s in range(200) if draw.practice(questions, random.Random(s), 1, {"T06"},
                                                        source=draw.WRITTEN_ONLY)[0] is q)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--topic", "T06", "--source", "written", "--seed",
                     str(seed), "--count", "1", stdin="1\n")
    assert rc == 0
    for option in q.options:
        assert option.why[:50] in out.replace("\n        ", " ")
    assert "Then and now: The notes say new users are given an access key" in out
    assert "Try it: iam-sandbox scenario start access-keys" in out


def test_generated_question_offers_the_simulator_request(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "show", "gen-decision-42", "--simulation")
    assert rc == 0
    request = json.loads(out)
    assert {"PolicyInputList", "ActionNames", "ResourceArns", "CallerArn"} <= set(request)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "show", "gen-decision-42")
    assert rc == 0 and "Decision:" in out and "Simulate it:" in out
    rc, _, err = run(capsys, monkeypatch, "quiz", "show", "basics-global", "--simulation")
    assert rc == 1 and "no simulation request" in err


def test_exam_mode_scores_and_records_the_exam(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--mode", "exam", "--count", "8", "--seed", "2",
                     stdin="1\n" * 8)
    assert rc == 0
    assert "Exam: 8 question(s), 16 minutes" in out and "Answer recorded." in out and "✓ Correct" not in out
    assert "Exam result: " in out and " of 1000 (" in out and "720 to pass" in out
    assert "By domain:" in out and "By topic:" in out
    (exam,) = Results().learner("sam").exams
    assert exam["total"] == 8 and 100 <= exam["score"] <= 1000 and exam["passed"] == (exam["score"] >= 720)


def _typed(p, answer) -> str:
    """How a learner types ``answer`` for the presented question."""
    if p.question.kind == "match":
        return " ".join(f"{i + 1}{'abcdefgh'[p.order.index(j)]}" for i, j in enumerate(answer.picks))
    labels = [str(p.order.index(i) + 1) for i in answer.picks]
    return " ".join(labels) if p.question.kind == "order" else ",".join(labels)


def wrong_answer(questions, seed, index) -> str:
    """A readable but wrong answer to question ``index`` of the sitting."""
    s = Session(questions, PRACTICE, seed)
    for _ in range(index):
        s.next()
        s.skip()
    p = s.next()
    q = p.question
    n = len(q.pairs) or len(q.options)
    if q.kind in ("order", "match"):
        picks = tuple(reversed(range(n)))
    elif q.kind == "multiple":
        picks = tuple(i for i, o in enumerate(q.options) if not o.correct)[:1] + tuple(
            i for i, o in enumerate(q.options) if o.correct)[:q.choose - 1]
    else:
        picks = (next(i for i, o in enumerate(q.options) if not o.correct),)
    return _typed(p, Answer(picks))


def test_review_brings_back_missed_questions_and_due_brings_back_cards(capsys, monkeypatch):
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--mode", "review")
    assert rc == 0 and "Nothing to review" in out
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--mode", "due")
    assert rc == 0 and "No cards yet" in out
    _, questions = written()
    seed = 4
    chosen = draw.practice(questions, random.Random(seed), 3, source=draw.WRITTEN_ONLY)
    answers = right_answers(chosen, seed)
    answers[1] = "s"  # skipped: neither right nor missed
    answers[2] = wrong_answer(chosen, seed, 2)
    run(capsys, monkeypatch, "quiz", "start", "--source", "written", "--count", "3", "--seed", str(seed),
        stdin="\n".join(answers) + "\n")
    assert Results().learner("sam").missed() == [chosen[2].id]
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--mode", "review", stdin="q\n")
    assert rc == 0 and "Review: 1 question(s)" in out and chosen[2].prompt[:40] in out
    rc, out, _ = run(capsys, monkeypatch, "quiz", "start", "--mode", "due", stdin="q\n")
    # the missed question's card is due again within minutes; the one answered right and fast
    # (rated Easy) waits days
    assert rc == 0 and "Due: 1 question(s)" in out and chosen[2].prompt[:40] in out


def test_stats_tips_and_export(capsys, monkeypatch):
    answer_right(capsys, monkeypatch, 4, seed=9)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "stats", "--json")
    stats = json.loads(out)
    assert rc == 0 and stats["learner"] == "sam"
    assert (stats["answers"], stats["questions"], stats["right_now"], stats["cards"]) == (4, 4, 4, 4)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "stats")
    assert rc == 0 and "Quiz results of sam" in out and "Spaced repetition:" in out
    # each question by its latest answer, not "the last time" (read as the last sitting)
    assert "4 answers to 4 questions; 4 of them right when last answered." in out
    rc, out, _ = run(capsys, monkeypatch, "quiz", "tips", "--json")
    tips = json.loads(out)
    assert rc == 0 and len(tips) == 27
    roles = next(t for t in tips if t["tip"] == "roles-running-instances")
    assert "ec2-role-s3" in roles["scenarios"] and roles["questions"]
    cognito = next(t for t in tips if t["tip"] == "cognito-push-sync")
    assert "cognito-push-sync" in cognito["scenarios"] and not cognito["planned_scenarios"]
    rc, out, _ = run(capsys, monkeypatch, "quiz", "tips")
    assert rc == 0 and "taught in:" in out and "you: " in out
    rc, out, _ = run(capsys, monkeypatch, "quiz", "export", "--format", "csv")
    lines = out.strip().splitlines()
    assert lines[0].startswith("learner,question,correct,seconds,mode")
    assert all(line.startswith("sam,") for line in lines[1:])
    rc, out, _ = run(capsys, monkeypatch, "quiz", "export", "--format", "json")
    assert "sam" in json.loads(out)["learners"]


def test_results_survive_a_world_reset_and_live_beside_progress(capsys, monkeypatch, tmp_path, data_dir):
    answer_right(capsys, monkeypatch, 1, seed=7)
    assert (data_dir / "quiz-results.json").exists()
    world = tmp_path / "world.json"
    assert run(capsys, monkeypatch, "--world", str(world), "world", "reset")[0] == 0
    assert world.exists() and (data_dir / "quiz-results.json").exists()
    assert len(Results().learner("sam").answers) == 1
    rc, out, _ = run(capsys, monkeypatch, "quiz", "stats")
    assert rc == 0 and "1 answer to 1 question;" in out


def test_a_damaged_results_file_is_never_overwritten(capsys, monkeypatch, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "quiz-results.json").write_text("{not json")
    rc, out, err = answer_right(capsys, monkeypatch, 1, seed=7)
    assert rc == 0 and "results are not being saved" in err and "You answered 1 of 1" in out
    assert (data_dir / "quiz-results.json").read_text() == "{not json"
    rc, _, err = run(capsys, monkeypatch, "quiz", "stats")
    assert rc == 1 and "cannot be read as quiz results" in err


def test_bad_options_are_clear_errors(capsys, monkeypatch):
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--topic", "T99")
    assert rc == 2 and "unknown topic(s) T99" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--tip", "nope")
    assert rc == 2 and "unknown exam tip(s) nope" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--count", "0")
    assert rc == 2 and "--count must be from 1 to 200" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--count", "100000")
    assert rc == 2 and "--count must be from 1 to 200" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--mode", "exam", "--minutes", "0")
    assert rc == 2 and "--minutes" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "start", "--mode", "cram")
    assert rc == 2 and "invalid choice" in err
    rc, _, err = run(capsys, monkeypatch, "quiz", "validate", "/no/such/folder")
    assert rc == 1 and "no such file" in err


def test_the_quiz_command_does_not_import_textual():
    code = ("import sys, io; sys.stdin = io.StringIO('1\\n'); from sandbox.cli.main import main; "
            "rc = main(['quiz', 'start', '--count', '2', '--seed', '1']); "
            "print('TEXTUAL' if 'textual' in sys.modules or 'rich' in sys.modules else 'CLEAN', rc)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("CLEAN 0")


def test_hand_edited_results_of_the_wrong_shape_are_skipped_not_fatal(capsys, monkeypatch, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "quiz-results.json").write_text(json.dumps({"learners": {"sam": {
        "answers": [{"q": "basics-global", "correct": True, "topics": 5, "domain": ["x"], "when": 3},
                    "junk", {"q": 7}],
        "cards": {"basics-global": {"due": "never"}, "x": 3},
        "exams": [{"score": {"a": 1}, "passed": "yes", "total": 10}, 4]}}}))
    for command in (["stats"], ["stats", "--json"], ["tips"], ["export", "--format", "csv"],
                    ["start", "--mode", "due"], ["start", "--mode", "review"]):
        rc, out, err = run(capsys, monkeypatch, "quiz", *command, stdin="q\n")
        assert rc == 0, (command, err)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "stats")
    assert "1 answer to 1 question" in out and "Recent exams:" in out


def test_coverage_validate_and_list_report_the_shipped_figures(capsys, monkeypatch):
    ref, questions = written()
    rc, out, _ = run(capsys, monkeypatch, "quiz", "coverage")
    assert rc == 0 and out.startswith(f"{len(questions)} written questions.")
    assert "Every topic and every exam tip is asked at least twice." in out
    assert all(f"  {t} " in out for t in ref.topics) and all(tip in out for tip in ref.tips)
    rc, out, _ = run(capsys, monkeypatch, "quiz", "validate")
    assert rc == 0 and f"{len(questions)} questions; 0 invalid file(s)." in out
    rc, out, _ = run(capsys, monkeypatch, "quiz", "list", "--json")
    listed = json.loads(out)
    assert sum(b["questions"] for b in listed["banks"]) == len(questions) >= 120 and listed["invalid"] == []
    assert set(listed["generated"]) == {"decision", "statement", "least-privilege", "trust", "caller-identity"}
