"""The debrief (after-action review): a match or a class session, read back from a server's log.

    log.py       the event log read back: ``read_log``, ``match_log``, ``session_log`` (typed)
    analysis.py  replay, rows per seat and turn, reads, the spiral timeline, the worlds' figures
    report.py    CSV files, PNG charts and one self-contained HTML report

It uses the rules, the intent model and the ``cooperate`` bot (for the welfare benchmark); the
scenarios are passed in, so nothing here reads the assets by itself.

    DebriefError (ValueError)   a missing or foreign database, an unknown session or match
"""

from game.debrief.analysis import MatchDebrief, debrief
from game.debrief.log import DebriefError, match_log, read_log, session_log
from game.debrief.report import write_report

__all__ = ["DebriefError", "MatchDebrief", "debrief", "match_log", "read_log", "session_log", "write_report"]
