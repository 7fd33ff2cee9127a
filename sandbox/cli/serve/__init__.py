"""``iam-sandbox serve``: the app in learners' browsers, one process and one world per learner."""
