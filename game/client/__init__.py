"""The pygame client: one window showing one scene at a time.

- ``app``: the window, its loop, and the scene registry (``app.go("lobby", ...)``: screens name
  each other by key, never by import); ``scene`` is what every screen is.
- ``protocol/``: ``session`` is the Sans-I/O protocol core (messages go in through
  ``receive_frame``, frames to send come out of ``data_to_send``); ``model`` turns wire views back
  into ``PlayerView`` values and holds the orders being drafted; ``transport`` is the thin websockets
  thread that pumps bytes and ``link`` reconnects it; ``address`` reads typed server addresses.
- ``map/``: ``palette`` (colours, the overlay's scale), ``layout`` (hex geometry), ``tiles`` (the
  cache), ``sprites`` (terrain patterns, counters, signatures), ``renderer`` (cached tiles of the
  map) and ``view`` (the game screen's map area: camera, marks, legend).
- ``screens/``: the menus (``menu``, ``picker``, ``connect``, ``host``, ``lobby``,
  ``settings_screen``), overlays (``help``, ``pause``), ``game_screen`` (its side panel's tabs in
  ``panels/``) and ``end_screen``; ``screens.SCENES`` registers them by name.
- ``widgets/``: ``theme`` (colours, fonts, text), ``form`` (keyboard-driven forms), ``charts``.
- ``keys``: every key binding, read by the handlers, the help and the settings screen.
- ``narrate`` words the report and orders, ``forecast`` the budget's effect, ``scenario_words`` the
  scenarios and bots; ``settings`` keeps the player's settings.

``protocol``, ``narrate``, ``forecast`` and ``scenario_words`` do not import pygame; nothing here
initialises it on import. ``tests/client/test_client_layout.py`` checks that the parts point one
way and that no import loop remains.
"""
