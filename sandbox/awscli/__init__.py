"""The simulated ``aws`` command line: argument parsing, help and output formats.

It knows the shape of commands, not what they do: a backend (the gateway of the
simulated account) carries them out.
"""
