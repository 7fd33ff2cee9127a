"""The sandbox terminal: machines, their files, the ``aws`` command's environment."""
