"""Quiz mode: the start screen (mode, topics, count, the learner's standing), a sitting
question by question with the answer pad, the result, and the tips view; all over the
Textual-free engine in ``sandbox.quiz``."""
