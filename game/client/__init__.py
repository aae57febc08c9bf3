"""The pygame client (issue 5).

Layers: ``model`` turns wire views back into ``PlayerView`` values and holds the orders
being drafted; ``session`` is the Sans-I/O protocol core (messages go in through
``receive_frame``, frames to send come out of ``data_to_send``); ``net`` is the thin
websockets thread that pumps bytes and ``link`` reconnects it; ``render`` and ``mapview`` draw
the map; ``app`` is the window, showing one ``scene`` at a time: the menus (``menu``, ``picker``,
``connect``, ``host``, ``lobby``, ``settings_screen``, built on ``form``), overlays (``help``,
``pause``), ``game_screen`` the match (its side panel's tabs are in ``panels/``; ``narrate``
words the report, ``forecast`` the budget's effect), ``end_screen`` the debrief (``charts``).
``model``, ``session``, ``narrate`` and ``forecast`` do not import pygame; nothing here
initialises it on import.
"""
