"""The window: one ``App`` owns the display, the widgets' manager, the settings and the link to a
server, and shows one scene at a time (main menu, connect form, game, end screen...).

``App.run`` is the loop: pump frames between the link and the session, hand events to the
widgets and then the scene, update, draw the scene, draw the widgets, flip. What the client
layer may not import itself (the asset loader, the bot registry, the server for hosting) comes
in as ``Services`` from the launcher (``game.play_command``).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol
from urllib.parse import urlsplit

import pygame
import pygame_gui
from pygame_gui.core import UIContainer

from game.client import keys
from game.client.map import palette as render
from game.client.protocol import hosted as hosted_store
from game.client.protocol.hosted import HostedMatch, host_database
from game.client.protocol.link import Link
from game.client.scene import Scene
from game.client.screens import SCENES, SceneFactory
from game.client.protocol.session import LocalMatch, Session
from game.client.settings import Settings
from game.client.widgets.theme import make_manager
from game.rules import Scenario

log = logging.getLogger("spiral.client")

MIN_SIZE = (800, 560)
IDLE_AFTER = 1.0  # seconds without input before the frame rate drops
IDLE_FPS = 20


class HostedServer(Protocol):
    """A server the app started (for local play or hosting); ``url`` is where to connect."""

    @property
    def url(self) -> str: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Services:
    """What the window needs from outside the client layer."""

    scenario: Callable[[str], Scenario]  # a scenario by name (maps and rules are public)
    catalogue: Callable[[], list[Scenario]]  # every scenario, for the picker
    bot_names: tuple[str, ...]
    start_server: Callable[..., HostedServer]  # (host="127.0.0.1", port=0, db=None) -> a running server


class App:
    def __init__(self, services: Services, size: tuple[int, int] = (1280, 800), *,
                 settings: Settings | None = None, settings_path: Path | None = None,
                 scenes: Mapping[str, SceneFactory] | None = None) -> None:
        self.services = services
        self.scenes = dict(SCENES if scenes is None else scenes)  # screens by name: app.go("lobby", ...)
        self.settings_path = settings_path
        self.settings = settings if settings is not None else Settings.load(settings_path)
        render.set_palette(self.settings.palette)
        self.size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        self.window = self._open_window()
        self.manager = make_manager(self.window.get_size(), self.settings.ui_scale)
        self.scene: Scene | None = None
        self.overlay: Scene | None = None  # e.g. the help, over any scene
        self._covered: list[Any] = []  # the scene's widgets hidden while an overlay shows
        self.link: Link | None = None
        self.parked: Link | None = None  # a match left for the main menu, still seated and kept current
        self.servers: list[HostedServer] = []  # started by this app; stopped when it closes
        self.hosted: HostedServer | None = None  # the server this player hosts for others (menu: Host)
        self.hosted_listen: str | None = None  # its listening address (0.0.0.0 or 127.0.0.1)
        # A match this player hosted in an earlier run (the window or its server died): the menu
        # offers to return to it. ``_kept`` is the (match, seat token) written to the data directory.
        self.unreturned: HostedMatch | None = hosted_store.load()
        self._kept: tuple[str, str] | None = None
        self._local_url: str | None = None  # the embedded server of matches against bots
        self.return_problem: str | None = None  # why returning to it failed, for the menu
        self._seat_code: tuple[str, str] | None = None  # (address, code) of a join whose seat is to be remembered
        self.running = True
        self.now = time.monotonic()
        self.last_input = self.now  # when the player last pressed, clicked or moved something

    # --- the window ----------------------------------------------------------------------------

    def _open_window(self) -> pygame.Surface:
        flags = pygame.FULLSCREEN if self.settings.fullscreen else pygame.RESIZABLE
        window = pygame.display.set_mode((0, 0) if self.settings.fullscreen else self.size, flags)
        pygame.display.set_caption("Spiral")
        return window

    @property
    def scale(self) -> float:
        return self.settings.ui_scale

    def px(self, value: float) -> int:
        """A length in pixels at the current UI scale."""
        return round(value * self.settings.ui_scale)

    def _rebuild(self) -> None:
        """New window size or UI scale: the widgets are built again for it."""
        for scene in (self.scene, self.overlay):
            if scene is not None:
                scene.leave()
        self.manager = make_manager(self.window.get_size(), self.settings.ui_scale)
        self._covered = []
        if self.scene is not None:
            self.scene.enter()
        if self.overlay is not None:
            self._cover_scene()
            self.overlay.enter()

    def resize(self, size: tuple[int, int]) -> None:
        self.size = (max(MIN_SIZE[0], size[0]), max(MIN_SIZE[1], size[1]))
        if not self.settings.fullscreen:
            self.window = pygame.display.set_mode(self.size, pygame.RESIZABLE)
        self._rebuild()

    def remember(self, **changes: Any) -> None:
        """Keep a few settings (the name, the last address) for next time without rebuilding the widgets."""
        self.settings = replace(self.settings, **changes).checked()
        self.settings.save(self.settings_path)

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings at once and keep them for next time."""
        settings = settings.checked()
        old, self.settings = self.settings, settings
        settings.save(self.settings_path)
        render.set_palette(settings.palette)
        if settings.fullscreen != old.fullscreen:
            self.window = self._open_window()
        self._rebuild()

    # --- scenes --------------------------------------------------------------------------------

    def make(self, name: str, **options: Any) -> Scene:
        """A new scene by its name in the registry (``game.client.screens.SCENES``).

        Raises:
            KeyError: if no scene has that name (the message lists those that do).
        """
        factory = self.scenes.get(name)
        if factory is None:
            raise KeyError(f"no scene is named {name!r}; the registry has {', '.join(sorted(self.scenes))}")
        return factory(self, **options)

    def go(self, name: str, **options: Any) -> Scene:
        """Show the scene registered as ``name`` (made with ``options``) instead of the current one."""
        scene = self.make(name, **options)
        self.show(scene)
        return scene

    def go_overlay(self, name: str, **options: Any) -> Scene:
        """Show the scene registered as ``name`` over the current one."""
        scene = self.make(name, **options)
        self.show_overlay(scene)
        return scene

    def show(self, scene: Scene) -> None:
        if self.overlay is not None:  # a new scene closes the overlay over the old one
            self.show_overlay(None)
        if self.scene is not None:
            self.scene.leave()
        self.scene = scene
        scene.enter()

    def show_overlay(self, overlay: Scene | None) -> None:
        if self.overlay is not None:
            self.overlay.leave()
        self._uncover_scene()
        self.overlay = overlay
        if overlay is not None:
            self._cover_scene()
            overlay.enter()

    def _cover_scene(self) -> None:
        # Widgets are drawn over everything drawn by hand, so an overlay hides the scene's widgets
        # (which would show through it and take its clicks) until it closes.
        root = self.manager.get_root_container()
        elements = root.elements if isinstance(root, UIContainer) else []
        self._covered = [element for element in elements if element.visible]
        for element in self._covered:
            element.hide()

    def _uncover_scene(self) -> None:
        for element in self._covered:
            if element.alive():
                element.show()
        self._covered = []

    def toggle_help(self) -> None:
        self.show_overlay(None if self.overlay is not None and self.overlay.scene_name == "help" else self.make("help"))

    def main_menu(self) -> None:
        """The main menu. A match still going on is parked, not left: the menu offers to return to it."""
        session = self.session
        if self.link is not None and session is not None and session.seat is not None and session.reveal is None:
            self.park()
        else:
            self.disconnect()
        self.go("menu")

    def park(self) -> None:
        if self.parked is not None:
            self.parked.close()
        self.parked, self.link = self.link, None

    def return_to_match(self) -> None:
        """Back to the parked match: its lobby if it has not started, else the game screen."""
        if self.parked is None:
            return
        self.disconnect()
        self.link, self.parked = self.parked, None
        session = self.link.session
        if session.view is None:
            self.go("lobby", hosting=session.host_token is not None, listen=getattr(self.hosted, "host", None))
        else:
            self.go("game")

    # --- connections ---------------------------------------------------------------------------

    @property
    def session(self) -> Session | None:
        return self.link.session if self.link is not None else None

    def connect(self, url: str, name: str) -> Session:
        """Open a link to ``url`` with a fresh session (the caller then says what to do: join, create...).

        A parked match is left for good: one window plays one match at a time."""
        self.disconnect(parked_too=True)
        session = Session(self.services.scenario, name)
        self.link = Link(url, session).open()
        return session

    def disconnect(self, parked_too: bool = False) -> None:
        if self.link is not None:
            self.link.close()
            self.link = None
        if parked_too and self.parked is not None:
            self.parked.close()
            self.parked = None

    def local_server(self) -> HostedServer:
        """The embedded loopback server for matches against bots (started once)."""
        local = [server for server in self.servers if server is not self.hosted]
        if not local:
            local = [self.services.start_server()]
            self.servers.append(local[0])
        return local[0]

    def host_server(self, host: str, port: int, db: Path | None) -> HostedServer:
        """Start the server others join (stopping the one hosted before, if any).

        Raises:
            Exception: whatever starting it raised (the port is busy, the database cannot be opened).
        """
        self.stop_hosting()
        self.hosted = self.services.start_server(host=host, port=port, db=db)
        self.hosted_listen = host
        self.servers.append(self.hosted)
        return self.hosted

    def stop_hosting(self) -> None:
        if self.hosted is not None:
            if self.parked is not None and self.parked.session.host_token is not None:
                self.parked.close()  # the hosted match goes with its server
                self.parked = None
            server, self.hosted, self.hosted_listen = self.hosted, None, None
            self.servers.remove(server)
            server.stop()

    def leave_hosted_match(self) -> None:
        """The host cancelled their match: nothing to return to any more."""
        hosted_store.forget()
        self._kept, self.unreturned = None, None

    def _keep_hosted_match(self) -> None:
        """Write the host token and the host's seat token to the data directory once both are known
        (and forget them when the match ends), so that a crash does not lock the host out."""
        session, link = self.session, self.link
        if (session is None or link is None or session.host_token is None or session.token is None
                or session.seat is None or session.match is None or session.view is None):
            return
        if link.url == self._local_url:
            return  # a match against bots on the embedded server: it does not outlive the window
        if session.reveal is not None:
            if self._kept is not None:
                self.leave_hosted_match()
            return
        if self._kept == (session.match, session.token):
            return
        listen = port = None
        if self.hosted is not None and link.url == self.hosted.url:
            listen, port = self.hosted_listen, urlsplit(link.url).port
        hosted_store.save(HostedMatch(link.url, session.match, session.code or "", session.host_token, session.seat,
                                      session.token, session.view.scenario.name, listen, port))
        self._kept, self.unreturned = (session.match, session.token), None

    def return_to_hosted_match(self) -> None:
        """Back into the match this player hosted before the window (or its server) stopped: start
        the window's server again if it ran one, then take the seat back with its token."""
        kept = self.unreturned
        if kept is None:
            return
        url = kept.url
        if kept.listen is not None and kept.port is not None:
            try:
                url = self.host_server(kept.listen, kept.port, host_database()).url
            except Exception as problem:  # the port is taken now, the database cannot be opened...
                self.return_problem = f"Could not start your server again on port {kept.port}: {problem}"
                return
        session = self.connect(url, self.settings.name)
        session.match, session.code, session.token, session.host_token = kept.match, kept.code, kept.seat_token, \
            kept.host_token
        session.resume()
        self.unreturned, self.return_problem = None, None
        self.go("connect", address=url, code=kept.code, returning=True)

    def play_local(self, local: LocalMatch) -> None:
        """Create a match against bots on the embedded server and show the game."""
        server = self.local_server()
        self._local_url = server.url
        session = self.connect(server.url, local.name)
        session.start_local(local)
        self.go("game")

    def join(self, url: str, code: str, name: str, seat: int | None = None) -> Session:
        """Take a seat in a match on any server; the connect screen watches ``session.failure``.

        A seat this code gave before (the window was closed since) is taken back with its token;
        the seat a code gives is remembered in the settings for next time (``remember_seat``)."""
        session = self.connect(url, name)
        session.start_join(code, name, seat, remembered=self.settings.seat_for(url, code) if seat is None else None)
        self._seat_code = (url, code)
        return session

    def remember_seat(self) -> None:
        """Keep the seat the last join took (address, code, match, token), once the server gave it."""
        session, wanted = self.session, self._seat_code
        if session is None or wanted is None or session.token is None or session.seat is None or \
                session.match is None:
            return
        if self.settings.seat_for(*wanted) != (session.match, session.token):
            self.settings = self.settings.with_seat(*wanted, session.match, session.token).checked()
            self.settings.save(self.settings_path)
        self._seat_code = None

    # --- the loop ------------------------------------------------------------------------------

    def step(self, events: list[pygame.event.Event]) -> None:
        """One frame: events, network, update, draw (without flipping)."""
        self.now = time.monotonic()
        if events:
            self.last_input = self.now
        for event in events:
            if event.type == pygame.QUIT:
                self.running = False
                return
            if event.type == pygame.VIDEORESIZE:
                self.resize((event.w, event.h))
                continue
            self.manager.process_events(event)
            if event.type == pygame.KEYDOWN and (event.key in keys.keys_of("help") or
                                                 (getattr(event, "unicode", "") == "?" and not self._typing())):
                self.toggle_help()
                continue
            target = self.overlay or self.scene
            if target is not None:
                target.handle(event)
        self._keep_hosted_match()
        for link in (self.link, self.parked):  # a parked match stays current (and reconnects) too
            if link is not None:
                link.pump(self.now)
        if self._seat_code is not None:
            self.remember_seat()
        for scene in (self.scene, self.overlay):
            if scene is not None:
                scene.update(self.now)
        self.manager.update(1 / 60)
        self.window.fill((24, 28, 34))
        if self.scene is not None:
            self.scene.draw(self.window)
        if self.overlay is not None:
            self.overlay.draw(self.window)
        self.manager.draw_ui(self.window)

    def _typing(self) -> bool:
        """Whether a text field has the keyboard (then '?' is a character, not the help key)."""
        focused = self.manager.get_focus_set()
        return any(isinstance(element, (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox))
                   for element in (focused or ()))

    def run(self, each_frame: Callable[[App], bool] | None = None, fps: int = 60) -> int:
        """The loop, until the window is closed (or ``each_frame`` returns True: tests and demos)."""
        clock = pygame.time.Clock()
        try:
            while self.running:
                self.step(pygame.event.get())
                if not self.running:
                    break
                pygame.display.flip()
                if each_frame is not None and each_frame(self):
                    break
                clock.tick(self.frame_rate(fps))
        finally:
            self.close()
        return 0

    def frame_rate(self, fps: int) -> int:
        """Full speed while the player acts; 20 frames a second after a second without input (a
        turn-based game waiting for its player need not redraw 60 times a second); 10 when the window
        is minimised or in the background. The link is pumped every frame either way."""
        if not pygame.display.get_active():
            return min(fps, 10)
        return fps if self.now - self.last_input < IDLE_AFTER else min(fps, IDLE_FPS)

    def close(self) -> None:
        for scene in (self.overlay, self.scene):
            if scene is not None:
                scene.leave()
        self.disconnect(parked_too=True)
        for server in self.servers:
            try:
                server.stop()
            except Exception as problem:  # closing the window must not fail on a stuck server
                log.warning("could not stop a server: %r", problem)
        self.servers = []


def open_display() -> None:
    """Start pygame's display and fonts only: no audio device is needed (and none may exist)."""
    pygame.display.init()
    pygame.font.init()


def run_app(services: Services, first: Callable[[App], Any], *, size: tuple[int, int] = (1280, 800),
            each_frame: Callable[[App], bool] | None = None, settings_path: Path | None = None) -> int:
    """Open the window, let ``first`` choose the first scene, run until closed."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    open_display()
    try:
        app = App(services, size, settings_path=settings_path)
        first(app)
        return app.run(each_frame)
    finally:
        pygame.quit()
