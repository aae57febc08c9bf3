"""The game screen's side panel, one tab a module: orders, diplomacy, chat, intent, report.

Each tab is a ``Panel``: it builds its ``pygame_gui`` widgets for a rectangle (``build``), kills
them (``kill``), draws its hand-drawn parts (bars, charts, short text) and takes the events the
widgets send. ``signature()`` says what the widgets show; when it changes (a new turn, another
unit selected) the panel is built again, so widgets never hold state the session does not.
"""

from game.client.screens.panels.base import Panel
from game.client.screens.panels.chat import ChatPanel
from game.client.screens.panels.diplomacy import DiplomacyPanel
from game.client.screens.panels.intent import IntentPanel
from game.client.screens.panels.orders import OrdersPanel
from game.client.screens.panels.report import ReportPanel

TABS: tuple[type[Panel], ...] = (OrdersPanel, DiplomacyPanel, ChatPanel, IntentPanel, ReportPanel)

__all__ = ["Panel", "TABS", "ChatPanel", "DiplomacyPanel", "IntentPanel", "OrdersPanel", "ReportPanel"]
