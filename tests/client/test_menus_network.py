"""The menus against real servers on 127.0.0.1, port 0: the picker starts a local match, the join
form shows each failure in the window and joins with the right code, and hosting runs a server,
lets a second client in by its code and starts the match."""

from __future__ import annotations

import socket

import pygame
import pytest

from tests.client.client_harness import Pump
from tests.client.menu_harness import frame, press, screenshot, settle, type_text

from game.assets import load_scenario
from game.client.screens.connect import ConnectScreen
from game.client.screens.game_screen import GameScreen
from game.client.screens.host import HostScreen
from game.client.screens.lobby import LobbyScreen
from game.client.protocol.transport import Connection
from game.client.screens.pause import PauseMenu
from game.client.screens.picker import ScenarioPicker
from game.client.protocol.session import Session
from game.menu_command import open_join
from game.wire import encode


@pytest.fixture
def server(app):
    """A server of the app's own kind (closed with the app), for the join form to find."""
    started = app.services.start_server()
    app.servers.append(started)
    return started


@pytest.fixture
def other_client(server):
    """A second player's session on ``server``, pumped by the test."""
    connection = Connection(server.url).start()
    pump = Pump(Session(load_scenario, "ann"), connection)
    yield pump
    connection.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_picker_plays_a_local_match_and_reaches_the_game(app):
    app.show(ScenarioPicker(app))
    press(app, pygame.K_RETURN)  # Play, with the duel against a reciprocator
    assert isinstance(app.scene, GameScreen)
    settle(app, lambda: app.session.view is not None)
    assert app.session.view.scenario.name == "duel" and app.session.seat == 0
    settle(app, lambda: app.session.phase == "running")


def test_the_join_form_shows_an_unreachable_server(app, tmp_path):
    port = closed_port()
    app.show(ConnectScreen(app, address=f"127.0.0.1:{port}", code="k7qm 2xpa"))
    press(app, pygame.K_RETURN)
    screen = app.scene
    assert screen.url == f"ws://127.0.0.1:{port}" and screen.code == "K7QM2XPA"
    settle(app, lambda: screen.problem is not None)
    assert screen.problem.startswith(f"Could not reach a Spiral server at ws://127.0.0.1:{port}")
    assert isinstance(app.scene, ConnectScreen) and app.link is None
    frame(app)
    screenshot(app, "connect-error.png", tmp_path)


def test_the_join_form_shows_a_wrong_code_then_joins_with_the_right_one(app, server, other_client, tmp_path):
    host = other_client.session  # here the other client hosts, and the window joins
    host.start_hosting("duel", (None, None), 0, turn_seconds=0)
    other_client.until(lambda m: m.TYPE == "sync")
    app.show(ConnectScreen(app, address=server.url, code="WRONGCOD", name="bea"))
    screen = app.scene
    press(app, pygame.K_RETURN)
    settle(app, lambda: screen.problem is not None)
    assert "No match has that code" in screen.problem and screen.state == "form"
    screen.code = host.code.lower()
    press(app, pygame.K_RETURN)
    settle(app, lambda: isinstance(app.scene, LobbyScreen))
    assert app.session.seat == 1 and app.settings.name == "bea" and app.settings.last_address == server.url
    assert app.scene.code == host.code and not app.scene.hosting
    frame(app)
    screenshot(app, "join-lobby.png", tmp_path)
    other_client.until(lambda m: m.TYPE == "event" and m.kind == "joined")
    host.host_action("start")
    other_client.flush()
    settle(app, lambda: isinstance(app.scene, GameScreen))


def test_the_join_form_shows_a_version_mismatch(app, server):
    app.show(ConnectScreen(app, address=server.url, code="ANYCODE1"))
    screen = app.scene
    screen.join()  # no frame yet: the fake answer comes before the server's
    hello = next(i for i, kind in app.session._pending.items() if kind == "hello")
    app.session.receive_frame(encode({"type": "error", "id": hello, "code": "protocol-version",
                                      "message": "this server speaks protocol 2, the client 1"}))
    screen.update(app.now)
    assert app.link is None and screen.state == "form"  # the failed connection is closed
    frame(app)
    assert "another version of Spiral" in screen.problem and "protocol 2" in screen.problem


def test_spiral_join_with_a_code_joins_at_once(app, server, other_client):
    other_client.session.start_hosting("duel", (None, None), 0, turn_seconds=0)
    other_client.until(lambda m: m.TYPE == "sync")
    open_join(server.url, other_client.session.code, "cy")(app)
    assert isinstance(app.scene, ConnectScreen) and app.scene.state == "joining"
    settle(app, lambda: isinstance(app.scene, LobbyScreen))
    assert app.session.name == "cy"


def test_the_join_form_lists_the_public_matches(app, server, other_client):
    other_client.session.start_hosting("duel", (None, None), 0, turn_seconds=120)
    other_client.until(lambda m: m.TYPE == "sync")
    app.show(ConnectScreen(app, address=server.url))
    screen = app.scene
    screen.find_matches()
    settle(app, lambda: screen.matches is not None)
    assert [m.code for m in screen.matches] == [other_client.session.code]
    listing = next(f for f in screen._focusables if f.kind == "list")
    screen.focus_on(listing.widget)
    press(app, pygame.K_DOWN)  # the first (only) match: its code goes into the form
    assert screen.code == other_client.session.code


def test_hosting_shows_the_code_lets_a_player_in_and_starts(app, tmp_path):
    app.show(HostScreen(app))
    screen = app.scene  # all by keyboard: scenario, seat, timer, network, port
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)
    press(app, pygame.K_LEFT)  # the timer: 5 minutes -> 2 minutes
    press(app, pygame.K_TAB)
    press(app, pygame.K_RIGHT)  # local network -> this machine only
    press(app, pygame.K_TAB)
    for _ in range(4):
        press(app, pygame.K_BACKSPACE)
    type_text(app, "0")
    assert (screen.timer, screen.network, screen.port_text) == ("2 minutes", "this machine only (127.0.0.1)", "0")
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, LobbyScreen) and app.hosted is not None
    assert (tmp_path / "data" / "spiral" / "host.sqlite3").exists()
    lobby = app.scene
    settle(app, lambda: app.session.seat == 0 and app.session.phase is not None)
    assert app.session.host_token and app.session.phase == "lobby"
    assert lobby.addresses == [f"{app.hosted.url} (this machine only)"]
    # A second player joins by the code shown.
    connection = Connection(app.hosted.url).start()
    try:
        other = Pump(Session(load_scenario, "ann"), connection)
        other.session.start_join(app.session.code, "ann")
        other.until(lambda m: m.TYPE == "sync")
        assert other.session.seat == 1
        settle(app, lambda: app.session.seats[1].name == "ann")
        frame(app)
        screenshot(app, "host-lobby.png", tmp_path)
        press(app, pygame.K_RETURN)  # Start the match
        settle(app, lambda: isinstance(app.scene, GameScreen))
        other.until(lambda m: m.TYPE == "event" and m.kind == "start")
        assert other.session.phase == "running" and app.session.phase == "running"
        assert app.session.deadline is not None  # the 2-minute turn timer runs
        # The host's controls in the game menu: pause for everyone, then resume.
        app.show_overlay(PauseMenu(app))
        frame(app)
        screenshot(app, "pause-host.png", tmp_path)
        press(app, pygame.K_p, "p")
        settle(app, lambda: app.session.phase == "paused")
        other.until(lambda m: m.TYPE == "event" and m.kind == "pause")
        assert other.session.phase == "paused"
        press(app, pygame.K_p, "p")  # the menu now offers to resume
        settle(app, lambda: app.session.phase == "running")
    finally:
        connection.close()


def test_hosting_on_a_busy_port_says_so(app):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        app.show(HostScreen(app))
        screen = app.scene
        screen.network = "this machine only (127.0.0.1)"
        screen.port_text = str(port)
        press(app, pygame.K_RETURN)
        assert isinstance(app.scene, HostScreen) and app.hosted is None
        assert screen.problem.startswith(f"Port {port} is busy")


def test_the_join_form_says_when_the_match_is_full(app, server, other_client):
    other_client.session.start_hosting("duel", (None, "dove"), 0, turn_seconds=0)  # the only open seat is taken
    other_client.until(lambda m: m.TYPE == "sync")
    app.show(ConnectScreen(app, address=server.url, code=other_client.session.code))
    screen = app.scene
    press(app, pygame.K_RETURN)
    settle(app, lambda: screen.problem is not None)
    assert screen.problem.startswith("The match is full") and app.link is None


def test_leaving_for_the_menu_parks_the_match_and_return_takes_you_back(app):
    from game.client.screens.menu import MainMenu

    app.show(ScenarioPicker(app))
    press(app, pygame.K_RETURN)  # a duel against a bot
    settle(app, lambda: app.session.view is not None and app.session.phase == "running")
    seat, match = app.session.seat, app.session.match
    app.show_overlay(PauseMenu(app))
    press(app, pygame.K_l, "l")  # leave to the main menu
    assert isinstance(app.scene, MainMenu) and app.link is None and app.parked is not None
    import pygame_gui

    labels = [w.text for w in app.scene._widgets if isinstance(w, pygame_gui.elements.UIButton)]
    assert labels[0].startswith("Return to your match")
    press(app, pygame.K_r, "r")
    assert isinstance(app.scene, GameScreen) and app.parked is None
    assert (app.session.seat, app.session.match) == (seat, match) and app.link.state == "open"
    app.show_overlay(PauseMenu(app))
    press(app, pygame.K_l, "l")
    press(app, pygame.K_p, "p")  # the picker...
    assert app.parked is not None
    press(app, pygame.K_RETURN)  # ...and a new match against bots leaves the parked one for good
    assert app.parked is None and isinstance(app.scene, GameScreen)
