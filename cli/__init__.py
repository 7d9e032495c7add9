"""The ``scorecard`` command line: a thin layer over the ``scorecard`` library."""
