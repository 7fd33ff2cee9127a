"""grep's patterns (``sandbox.shell.posixre``): POSIX syntax with GNU's extensions, matched
without backtracking.

Semantics checked against the GNU grep manual, "Regular Expressions"
(https://www.gnu.org/software/grep/manual/html_node/Regular-Expressions.html) and "Basic vs
Extended" (…/Basic-vs-Extended.html): in basic syntax ``? + { | ( )`` are ordinary and
``\\? \\+ \\{ \\| \\( \\)`` are the operators; ``grep -o`` prints the leftmost-longest match
(POSIX), where Python's ``re`` would print the leftmost-first one.
"""

from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.shell.posixre import Regex, RegexError


def found(pattern: str, line: str, extended: bool = True, ignore_case: bool = False) -> list[str]:
    return [line[a:b] for a, b in Regex(pattern, extended, ignore_case).finditer(line) if b > a]  # as grep -o


@pytest.mark.parametrize("pattern, line, extended, want", [
    ("a|ab", "ab abc", True, ["ab", "ab"]),  # leftmost-longest (Python's re: "a", "a")
    ("(a|ab)(c|bcd)", "abcd", True, ["abcd"]),
    ("a+", "caaab", True, ["aaa"]),
    ("a+", "caaab", False, []),  # + is ordinary in basic syntax
    ("a\\+", "caaab", False, ["aaa"]),  # \+ is GNU's operator there
    ("\\(ab\\)\\{2\\}", "abababx", False, ["abab"]),
    ("(ab){2}", "abababx", False, []),
    ("x{2,}", "xxxx y xx", True, ["xxxx", "xx"]),
    ("^ab", "abab", True, ["ab"]),
    ("ab$", "abab", True, ["ab"]),
    ("a^b", "a^b", False, ["a^b"]),  # ^ not first: ordinary in basic syntax
    ("[[:digit:]]+", "a12b345", True, ["12", "345"]),
    ("[^[:space:]]+", "two words", True, ["two", "words"]),
    ("[]a]+", "]a]b", True, ["]a]"]),
    ("[a-c-]+", "-ab-d", True, ["-ab-"]),
    ("\\bcat\\b", "cat concat cat.", True, ["cat", "cat"]),
    ("\\<con", "concat con", True, ["con", "con"]),
    ("\\w+", "a_b-c", True, ["a_b", "c"]),
    ("*a", "*a", True, ["*a"]),  # a leading * is itself
    ("a**", "aaa", True, ["aaa"]),
    ("HELLO", "Hello hello", True, []),
])
def test_matches_as_gnu_grep(pattern, line, extended, want):
    assert found(pattern, line, extended) == want


def test_case_folding():
    assert found("hello", "Hello HELLO", ignore_case=True) == ["Hello", "HELLO"]
    assert found("[a-c]+", "ABC", ignore_case=True) == ["ABC"]
    assert found("[^a]", "A", ignore_case=True) == []


@pytest.mark.parametrize("pattern, extended, message", [
    ("a(", True, "Unmatched ( or \\("),
    ("a\\(", False, "Unmatched ( or \\("),
    ("a)", True, "Unmatched ) or \\)"),
    ("[a", True, "Unmatched [, [^, [:, [., or [="),
    ("a\\", True, "Trailing backslash"),
    ("[[:nope:]]", True, "Invalid character class name"),
    ("a{3,1}", True, "Invalid content of \\{\\}"),
    ("[z-a]", True, "Invalid range end"),
    ("a{999}", True, "Regular expression too big"),
    ("(a)\\1", True, "back-references"),
])
def test_errors_are_worded_as_gnu_grep_words_them(pattern, extended, message):
    with pytest.raises(RegexError, match=re.escape(message)):
        Regex(pattern, extended)


@pytest.mark.parametrize("pattern, line", [
    ("^(a+)+$", "a" * 100_000 + "b"),
    ("(a|aa)+$", "a" * 50_000 + "b"),
    ("(x+x+)+y", "x" * 50_000),
    ("(.*a){12}", "a" * 5_000),
    ("^(([a-z])+.)+[A-Z]([a-z])+$", "abcdefghijklmnopqrstuvwxyz" * 1000 + "!"),
])
def test_patterns_that_make_a_backtracking_matcher_crawl_take_linear_time(pattern, line):
    start = time.process_time()
    Regex(pattern, True).matches(line)
    assert time.process_time() - start < 2


def test_a_learners_grep_over_a_whole_file_is_fast():
    text = "\n".join(f"arn:aws:iam::123456789012:user/user{i} AKIA{i:016d}" for i in range(20_000))
    regex = Regex("user/user1[0-9]*[05] AKIA", True)
    start = time.process_time()
    hits = [line for line in text.splitlines() if regex.matches(line)]
    assert len(hits) == len([line for line in text.splitlines() if re.search("user/user1[0-9]*[05] AKIA", line)])
    assert time.process_time() - start < 2


# -- the same answers as Python's re where the two agree (selection: any match at all) ---------------

def _pattern(rng: random.Random, depth: int = 0) -> str:
    roll = rng.random()
    if depth > 3 or roll < 0.3:
        return rng.choice(["a", "b", ".", "[ab]", "[^a]", "ab"])
    if roll < 0.5:
        return _pattern(rng, depth + 1) + _pattern(rng, depth + 1)
    if roll < 0.65:
        return f"({_pattern(rng, depth + 1)}|{_pattern(rng, depth + 1)})"
    if roll < 0.8:
        return f"({_pattern(rng, depth + 1)}){rng.choice('*+?')}"
    if roll < 0.9:
        return "^" + _pattern(rng, depth + 1)
    return _pattern(rng, depth + 1) + "$"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), line=st.text(alphabet="abc", max_size=10))
def test_selection_agrees_with_python_re(seed, line):
    pattern = _pattern(random.Random(seed))
    want = re.search(pattern, line) is not None
    regex = Regex(pattern, True)
    assert regex.matches(line) == want
    assert (next(regex.finditer(line), None) is not None) == want


@settings(max_examples=300, deadline=None)
@given(pattern=st.text(alphabet="ab()[]{}*+?|^$\\.,0123-:", max_size=20), line=st.text(max_size=20))
def test_any_pattern_compiles_or_is_refused_with_a_message(pattern, line):
    for extended in (True, False):
        try:
            regex = Regex(pattern, extended)
        except RegexError as exc:
            assert str(exc)
            continue
        regex.matches(line)
        list(regex.finditer(line))
