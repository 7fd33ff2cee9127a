"""The simulated ``aws`` program, whole: argv -> operation (specs, validation, shorthand),
the credential chain and the machine's ``~/.aws`` files, requests through the gateway,
per-operation customizations, the high-level ``s3`` and ``configure`` commands, pagination
and the output formats.

It runs on a machine it reaches only through a port (``port.Machine``): the sandbox
terminal builds one for the machine it is on, ``iam-sandbox aws`` one for the sandbox
laptop seen from the learner's own terminal; both call ``run.run_aws``.
"""
