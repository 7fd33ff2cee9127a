"""Classroom labs, below the front ends and free of Textual: the class folder and its
``class.toml``, each learner's files inside it, reports for the instructor, packs that hand
a lab to another instructor, and progress exported from a laptop without a network."""
