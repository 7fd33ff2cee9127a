"""Quizzes on the study notes: written banks (untrusted TOML, validated into typed models),
questions generated from the policy engine and proven by it, sittings in practice, exam,
review and due modes, FSRS spaced repetition, and per-learner results.

Textual-free: the terminal front end (``iam-sandbox quiz``) and the app drive the same
``Session`` question by question.
"""
