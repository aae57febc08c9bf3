"""The pygame client (issue 5).

Layers: ``model`` turns wire views back into ``PlayerView`` values; ``session`` is the
Sans-I/O protocol core (messages go in through ``receive_frame``, frames to send come out
of ``data_to_send``); ``net`` is the thin websockets thread that pumps bytes; ``render``
draws the map; ``app`` is the window. Only ``app``/``render`` import pygame, and nothing
here initialises it on import.
"""
