"""Hostile lines for the sandbox terminal: what a learner pastes from anywhere.

``line(rng)`` builds one line from pieces that stress each part of the shell: nesting
(``$(...)``, backquotes, ``ssh HOST CMD``, ``env``), long lines and expansions that grow,
quoting left open, globs with many stars, grep patterns that make a backtracking matcher
crawl, redirections to odd places, arithmetic, control characters and terminal escapes,
and ordinary ``aws`` commands with odd values.
"""

from __future__ import annotations

import random

ESC = ["\x1b]0;owned\x07", "\x1b]52;c;cm0gLXJmIH4=\x07", "\x1b[2J", "\x9b31m", "\u202e", "\x00", "\r", "\x7f"]
WORDS = ["a", "b", "x", "*", "?", "[ab]", "~", "-", "--", "..", "/", "//", "\\", "'", '"', "$", "${", "}", "$?",
         "$HOME", "${X}", "$(", ")", "`", "|", "||", "&&", ";", "&", ">", ">>", "<", "2>", "2>&1", "#", "=", "A=1",
         "é", "\t", "%s", "{}", "[]", "\\n", *ESC]
COMMANDS = ["echo", "cat", "grep", "ls", "cd", "pwd", "export", "env", "cut", "head", "tail", "wc", "sort",
            "uniq", "mkdir", "rm", "cp", "mv", "touch", "history", "hostname", "whoami", "date", "true", "false",
            "exit", "unset", "help", "clear", "ssh", "curl", "aws", "iam-sandbox", "nosuch", ""]
EVIL_REGEX = ["^(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "^(([a-z])+.)+[A-Z]([a-z])+$", "(.*a){20}",
              "a{255}{255}", "(((((((((((a)))))))))))*", "\\(a*\\)*b", "[[:alpha:]", "a{3,1}", "\\1", "((a)",
              "x" * 3000, "(a|b|c|d|e)*" * 30]
AWS = ["aws sts get-caller-identity", "aws iam list-users", "aws iam list-users --output text",
       "aws iam list-users --output table", "aws s3 ls", "aws s3 ls s3://experimenting-aws",
       "aws iam create-user --user-name {w}", "aws iam get-user --user-name {w}", "aws s3 cp hello.txt s3://{w}/x",
       "aws iam list-users --query '{w}'", "aws iam create-policy --policy-name P{n} --policy-document '{w}'",
       "aws iam simulate-custom-policy --policy-input-list '{w}' --action-names s3:GetObject",
       "aws ec2 describe-instances --filters Name=tag:Name,Values={w}", "aws s3api put-object --bucket "
       "experimenting-aws --key '{w}' --body hello.txt", "aws iam tag-user --user-name admin --tags Key=k,Value={w}"]


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(WORDS)
    if roll < 0.7:
        return "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    if roll < 0.8:
        return rng.choice(ESC) * rng.randint(1, 3)
    if roll < 0.9:
        return "*" + "a*" * rng.randint(5, 40) + "b"
    return "".join(rng.choice("ab*?[]!^-") for _ in range(rng.randint(1, 30)))


def _nested(rng: random.Random) -> str:
    depth = rng.choice([2, 10, 39, 40, 41, 60, 145, 300])
    kind = rng.random()
    if kind < 0.5:
        return "echo " + "$(echo " * depth + "x" + ")" * depth
    if kind < 0.65:
        return "echo " + "`echo " * min(depth, 5) + "x" + "`" * min(depth, 5)
    if kind < 0.8:
        return "env " * depth + "true"
    if kind < 0.9:
        return "ssh web-1 " * min(depth, 80) + "hostname"
    return "echo $((" + "(" * depth + "1" + ")" * depth + "))"


def _grows(rng: random.Random) -> str:
    n = rng.randint(2, 14)
    return "A=xxxxxxxxxxxxxxxx; " + "A=$A$A$A$A; " * n + "echo $A | wc -c"


def line(rng: random.Random) -> str:
    """One hostile line."""
    roll = rng.random()
    if roll < 0.10:
        return _nested(rng)
    if roll < 0.14:
        return _grows(rng)
    if roll < 0.17:
        return "x" * rng.choice([1000, 131072, 131073, 200000])
    if roll < 0.30:
        pattern = rng.choice(EVIL_REGEX)
        flags = rng.choice(["", "-E ", "-o ", "-c ", "-v ", "-i ", "-F ", "-Eo "])
        subject = rng.choice(["a" * rng.randint(1, 60) + "b", "x" * 3000, "aaaa", ""])
        return f"echo '{subject}' | grep {flags}'{pattern}'"
    if roll < 0.40:
        return "ls " + "*a" * rng.randint(1, 60) + "*b /home/learner/* ~/.aws/*"
    if roll < 0.55:
        template = rng.choice(AWS)
        return template.format(w=_word(rng), n=rng.randint(0, 99))
    if roll < 0.62:
        target = rng.choice(["f", "/", "/etc/passwd", "../../x", "~/.aws/credentials", "/dev/null", "d/e/f",
                             "a" * 300, "\x1b]0;x\x07", ""])
        return f"echo {_word(rng)} {rng.choice(['>', '>>', '2>'])} {target}"
    if roll < 0.68:
        return f"cat {rng.choice(['hello.txt', '~/.aws/credentials', '/etc/passwd', '/dev/zero', 'nope', '*'])}" + (
            f" | {rng.choice(['grep a', 'sort', 'uniq -c', 'wc', 'head -n 1', 'cut -f 1', 'tail -n +2'])}")
    if roll < 0.72:
        return "echo -e '" + "".join(rng.choice(ESC + ["\\e]0;x\\a", "\\x1b", "\\033[2J", "a"]) for _ in
                                      range(rng.randint(1, 6))) + "'"
    words = [rng.choice(COMMANDS)] + [_word(rng) for _ in range(rng.randint(0, 8))]
    return " ".join(words)
