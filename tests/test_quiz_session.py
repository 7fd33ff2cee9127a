"""A sitting question by question, as a front end drives it: how answers are typed for each
kind, marking with every option explained, timing, the exam's scaled score and breakdown,
the draws per mode, and the FSRS schedule of cards."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from fsrs import Rating

from sandbox.quiz import draw, schedule
from sandbox.quiz.answers import AnswerError, Presented, grade, parse_answer, present
from sandbox.quiz.model import Domain, Option, Pair, Question
from sandbox.quiz.scoring import scaled_score
from sandbox.quiz.session import EXAM, PRACTICE, Session


def q(kind="single", qid="q", options=None, pairs=(), domain="policies", topics=("T31",)):
    if options is None:
        options = (Option("right", "because", True), Option("wrong", "because not"), Option("also wrong", "no"))
    return Question(qid, kind, "prompt?", topics, domain, "easy", tuple(options), tuple(pairs), notes=(11,))


ORDER = q("order", options=tuple(Option(f"step {i}", f"why {i}") for i in range(4)))
MATCH = q("match", options=(), pairs=tuple(Pair(f"L{i}", f"R{i}", f"why {i}") for i in range(3)))
MULTI = q("multiple", options=(Option("a", "yes", True), Option("b", "no"), Option("c", "yes", True),
                               Option("d", "no")))
TF = q("truefalse", options=(Option("True", "t", False), Option("False", "f", True)))


def label_of(p: Presented, index: int) -> str:
    return str(p.order.index(index) + 1)


# -- typing answers ------------------------------------------------------------------------------

def test_single_choice_by_number():
    p = present(q(), random.Random(3))
    right = label_of(p, 0)
    outcome = grade(p, parse_answer(p, right))
    assert outcome.correct and outcome.expected == right
    wrong = label_of(p, 1)
    outcome = grade(p, parse_answer(p, f" {wrong} \n"))
    assert not outcome.correct
    # every option is shown with its own explanation, the learner's choice marked
    assert [(m.text, m.why, m.chosen) for m in outcome.marked if m.chosen] == [("wrong", "because not", True)]
    assert {m.why for m in outcome.marked} == {"because", "because not", "no"}


@pytest.mark.parametrize("text, message", [("", "Type the number"), ("4", "not one of the numbers 1-3"),
                                           ("1,2", "Choose one"), ("abc", "not one of")])
def test_unreadable_answers_say_how_to_answer(text, message):
    p = present(q(), random.Random(3))
    with pytest.raises(AnswerError, match=message):
        parse_answer(p, text)


def test_choose_n():
    p = present(MULTI, random.Random(5))
    right = f"{label_of(p, 0)},{label_of(p, 2)}"
    assert grade(p, parse_answer(p, right)).correct
    assert grade(p, parse_answer(p, right.replace(",", " "))).correct
    assert not grade(p, parse_answer(p, f"{label_of(p, 0)},{label_of(p, 1)}")).correct
    assert "for example 1,3" in p.instructions and "Choose 2" in p.instructions
    with pytest.raises(AnswerError, match="exactly 2"):
        parse_answer(p, label_of(p, 0))
    with pytest.raises(AnswerError, match="exactly 2"):
        parse_answer(p, f"{label_of(p, 0)},{label_of(p, 0)}")
    assert grade(p, parse_answer(p, right)).expected in (right, ",".join(reversed(right.split(","))))


def test_ordering():
    p = present(ORDER, random.Random(7))
    assert list(p.order) != sorted(p.order)  # never shown already in order
    right = " ".join(label_of(p, i) for i in range(4))
    outcome = grade(p, parse_answer(p, right))
    assert outcome.correct and outcome.expected == right
    swapped = right.split()
    swapped[0], swapped[1] = swapped[1], swapped[0]
    outcome = grade(p, parse_answer(p, " ".join(swapped)))
    assert not outcome.correct
    assert [m.right for m in outcome.marked] == [False, False, True, True]
    assert "you put it at position 2" in outcome.marked[0].text
    with pytest.raises(AnswerError, match="each number from 1 to 4 once"):
        parse_answer(p, "1 1 2 3")


def test_matching():
    p = present(MATCH, random.Random(2))
    letters = {i: "abc"[p.order.index(i)] for i in range(3)}
    right = " ".join(f"{i + 1}{letters[i]}" for i in range(3))
    outcome = grade(p, parse_answer(p, right))
    assert outcome.correct and outcome.expected == right
    wrong = f"1{letters[1]} 2{letters[0]} 3{letters[2]}"
    outcome = grade(p, parse_answer(p, wrong.upper()))
    assert not outcome.correct and [m.right for m in outcome.marked] == [False, False, True]
    assert "(you chose: R1)" in outcome.marked[0].text
    with pytest.raises(AnswerError, match="missing: 3"):
        parse_answer(p, f"1{letters[0]} 2{letters[1]}")
    with pytest.raises(AnswerError, match="matched twice"):
        parse_answer(p, "1a 1b 2c")
    with pytest.raises(AnswerError, match="not a match"):
        parse_answer(p, "1z 2a 3b")


def test_true_false_by_number_or_letter():
    p = present(TF, random.Random(1))
    assert p.order == (0, 1)
    for text in ("2", "f", "False"):
        assert grade(p, parse_answer(p, text)).correct
    assert not grade(p, parse_answer(p, "t")).correct


def test_shuffle_false_keeps_the_written_order():
    fixed = Question("f", "single", "?", ("T01",), "identities", "easy",
                     (Option("a", "x", True), Option("b", "y"), Option("all of the above", "z")), shuffle=False)
    assert present(fixed, random.Random(9)).order == (0, 1, 2)


# -- a sitting -------------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_practice_session_times_each_answer_and_reports_to_the_front_end():
    clock = Clock()
    seen = []
    questions = [q(qid="a"), q(qid="b", domain="roles", topics=("T12",)), q(qid="c")]
    s = Session(questions, PRACTICE, seed=4, clock=clock, on_answer=seen.append)
    p = s.next()
    assert s.next() is p and s.feedback  # the same question until it is answered
    clock.now += 12
    with pytest.raises(AnswerError):
        s.submit("9")
    assert s.index == 0
    s.submit(label_of(p, 0))
    p = s.next()
    clock.now += 3
    s.submit(label_of(p, 1))
    s.next()
    s.stop()  # the input ended
    assert s.next() is None
    summary = s.finish()
    assert [a.seconds for a in seen] == [12, 3] and [a.correct for a in seen] == [True, False]
    assert (summary.total, summary.answered, summary.correct) == (3, 2, 1)
    assert summary.missed == ("b",) and summary.unanswered == ("c",)
    assert summary.by_domain["policies"].correct == 1 and summary.by_domain["roles"].total == 1
    assert summary.score is None


def test_exam_scaled_score_pass_mark_breakdown_and_time_limit():
    clock = Clock()
    questions = [q(qid=f"q{i}", domain="policies" if i % 2 else "roles") for i in range(10)]
    s = Session(questions, EXAM, seed=1, time_limit=600, clock=clock)
    assert not s.feedback
    for i in range(8):
        p = s.next()
        clock.now += 30
        s.submit(label_of(p, 0 if i < 7 else 1))  # 7 right, 1 wrong
    p = s.next()
    clock.now += 400  # past the limit
    assert s.submit(label_of(p, 0)) is None  # too late: not counted
    assert s.next() is None
    summary = s.finish()
    assert summary.timed_out
    assert (summary.total, summary.correct) == (10, 7)  # the two not answered count as wrong
    assert summary.score == scaled_score(7, 10) == 730 and summary.passed
    assert sum(t.total for t in summary.by_domain.values()) == 10
    assert summary.to_dict()["score"] == 730


@pytest.mark.parametrize("right, total, score, passed", [(0, 10, 100, False), (10, 10, 1000, True),
                                                         (69, 100, 721, True), (68, 100, 712, False)])
def test_scaled_score(right, total, score, passed):
    assert scaled_score(right, total) == score
    assert (score >= 720) == passed


# -- draws -----------------------------------------------------------------------------------------

DOMAINS = {"identities": Domain("identities", "I", 25), "roles": Domain("roles", "R", 20),
           "federation": Domain("federation", "F", 25), "policies": Domain("policies", "P", 30)}


def test_exam_quotas_follow_the_domain_weights():
    assert draw.quotas(DOMAINS, 20) == {"identities": 5, "roles": 4, "federation": 5, "policies": 6}
    assert sum(draw.quotas(DOMAINS, 7).values()) == 7
    written = [q(qid=f"{d}-{i}", domain=d) for d in DOMAINS for i in range(10)]
    chosen = draw.exam(written, random.Random(3), 20, DOMAINS, source=draw.WRITTEN_ONLY)
    counts = {d: sum(1 for x in chosen if x.domain == d) for d in DOMAINS}
    assert counts == {"identities": 5, "roles": 4, "federation": 5, "policies": 6}
    assert len({x.id for x in chosen}) == 20


def test_exam_fills_a_short_domain_from_the_others():
    written = [q(qid=f"p{i}", domain="policies") for i in range(30)]
    chosen = draw.exam(written, random.Random(3), 20, DOMAINS, source=draw.WRITTEN_ONLY)
    assert len(chosen) == 20


def test_practice_filters_mixes_generated_and_is_reproducible():
    written = [q(qid=f"w{i}", topics=("T31",)) for i in range(20)] + [q(qid="other", topics=("T02",))]
    a = draw.practice(written, random.Random(8), 8, {"T31"})
    assert a == draw.practice(written, random.Random(8), 8, {"T31"})
    assert sum(1 for x in a if x.id.startswith("gen-")) == 2 and "other" not in {x.id for x in a}
    only_written = draw.practice(written, random.Random(8), 8, {"T31"}, source=draw.WRITTEN_ONLY)
    assert not any(x.id.startswith("gen-") for x in only_written)
    assert draw.practice(written, random.Random(8), 5, {"T02"}) == [written[-1]]


def test_review_and_due_bring_back_questions_by_id_including_generated_ones():
    written = [q(qid="a"), q(qid="b")]
    find = draw.lookup(written)
    assert [x.id for x in draw.review(["b", "gen-decision-4", "gone"], find, 10)] == ["b", "gen-decision-4"]
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    later = schedule.review(None, "b", Rating.Easy, now, 3)  # due in days
    soon = schedule.review(None, "a", Rating.Again, now, 3)  # due in a minute
    assert [x.id for x in draw.due({"a": soon, "b": later}, find, now, 10)] == ["a"]
    assert draw.next_due({"a": soon, "b": later}) == schedule.due_at(soon)


# -- the FSRS schedule -----------------------------------------------------------------------------

def test_rating_comes_from_correctness_and_time():
    size = 300  # characters: 15 s + 20 s of reading
    assert schedule.reading_seconds(size) == 35
    assert schedule.rating(False, 1, size) == Rating.Again
    assert schedule.rating(True, 17, size) == Rating.Easy
    assert schedule.rating(True, 30, size) == Rating.Good
    assert schedule.rating(True, 60, size) == Rating.Hard


def test_fsrs_schedule_of_a_card():
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    again = schedule.review(None, "q", Rating.Again, now, 5)
    assert schedule.due_at(again) - now == timedelta(minutes=1)  # first learning step
    good = schedule.review(None, "q", Rating.Good, now, 5)
    assert schedule.due_at(good) - now == timedelta(minutes=10)  # second learning step
    # right answers space the reviews out further and further
    card, t, gaps = good, schedule.due_at(good), []
    for _ in range(4):
        card = schedule.review(card, "q", Rating.Good, t, 5)
        gaps.append(schedule.due_at(card) - t)
        t = schedule.due_at(card)
    assert gaps[0] >= timedelta(days=1) and all(b > a * 2 for a, b in pairwise(gaps))
    assert schedule.learned(card)
    # a lapse brings the card back within minutes
    lapsed = schedule.review(card, "q", Rating.Again, t, 5)
    assert schedule.due_at(lapsed) - t <= timedelta(minutes=10)
    assert 0.85 < schedule.retrievability(card, t) <= 1


def test_due_means_by_the_end_of_the_learners_day():
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    local_midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert schedule.is_due({"due": (local_midnight - timedelta(minutes=1)).isoformat()}, now)
    assert not schedule.is_due({"due": (local_midnight + timedelta(minutes=1)).isoformat()}, now)


def test_damaged_cards_start_again_instead_of_failing():
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    for damaged in ({"due": "yesterday"}, {"card_id": "x"}, {"state": 9, "due": now.isoformat(), "card_id": 1,
                                                             "step": 0, "stability": None, "difficulty": None,
                                                             "last_review": None},
                    {"card_id": 1, "state": 1, "step": 0, "stability": None, "difficulty": None,
                     "due": "2025-03-01T12:00:00", "last_review": None}):
        card = schedule.review(damaged, "q", Rating.Good, now, 5)
        assert schedule.due_at(card) - now == timedelta(minutes=10)
    assert schedule.is_due({"due": "garbage"}, now) and schedule.retrievability({}, now) == 0.0


def test_tip_status_says_where_a_tip_is_taught_and_how_well_it_is_known():
    from sandbox.quiz.model import ScenarioInfo
    from sandbox.quiz.reference import load_reference
    from sandbox.quiz.results import LearnerResults
    from sandbox.quiz.tips import KNOWN, LEARNING, NEEDS_REVIEW, NOT_ASKED, tip_status
    from sandbox.scenarios.topics import TOPICS

    ref = load_reference(TOPICS, [ScenarioInfo("ec2-role-s3", "EC2", ("T10", "T12", "T14"))])
    questions = [Question(f"q{i}", "single", "?", ("T12",), "roles", "easy",
                          (Option("a", "x", True), Option("b", "y")), tips=("roles-no-keys",)) for i in range(2)]
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)

    def status(answers, cards):
        results = LearnerResults([{"q": q, "correct": ok, "when": now.isoformat()} for q, ok in answers], cards)
        return next(s for s in tip_status(ref, questions, results, now) if s.tip.id == "roles-no-keys")

    fresh = status([], {})
    assert fresh.questions == ("q0", "q1") and fresh.scenarios == ("ec2-role-s3",) and fresh.level == NOT_ASKED
    assert next(s for s in tip_status(ref, questions, LearnerResults(), now)
                if s.tip.id == "cognito-push-sync").planned == ("cognito-push-sync",)
    assert status([("q0", True), ("q1", False)], {}).level == NEEDS_REVIEW
    card = schedule.review(None, "q0", Rating.Easy, now, 3)
    assert status([("q0", True), ("q1", True)], {"q0": card, "q1": card}).level == KNOWN
    later = now + timedelta(days=200)  # recall fades as time passes
    results = LearnerResults([{"q": "q0", "correct": True}, {"q": "q1", "correct": True}], {"q0": card, "q1": card})
    assert next(s for s in tip_status(ref, questions, results, later) if s.tip.id == "roles-no-keys").level == LEARNING
