"""The debrief (after-action review): a match or a class session, read back from a server's log.

    log.py       the event log read back: ``read_log``, ``match_log``, ``session_log`` (typed)
    analysis.py  replay, rows per seat and turn, reads, the worlds' figures (rules, intel, the
                 ``cooperate`` bot for the welfare benchmark; the scenarios are passed in)
    timeline.py  the spiral timeline from plain facts (standard library only: the window's end
                 screen uses it too)
    report.py    CSV files, PNG charts and one self-contained HTML report

Importing the package imports none of them (the client imports ``timeline`` alone).

    DebriefError (ValueError)   a missing or foreign database, an unknown session or match
"""
