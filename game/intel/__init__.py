"""Belief and intent estimation from one seat's view (the intent panel and the bots share it).

The caller keeps one ``Beliefs`` per seat and feeds it each new ``PlayerView``::

    beliefs = Beliefs(view.player)
    beliefs.update(view)                 # once per turn, in order
    read = beliefs.estimate(view)        # {rival: RivalEstimate}

Nothing here reads the true state: every input is a field of the view or of an
earlier view of the same seat.
"""

from game.intel.balance import balance, readability
from game.intel.beliefs import Beliefs, Evidence, Estimate, RivalEstimate, offensive_threat, prior_revisionist

__all__ = ["Beliefs", "Evidence", "Estimate", "RivalEstimate", "balance", "offensive_threat", "prior_revisionist",
           "readability"]
