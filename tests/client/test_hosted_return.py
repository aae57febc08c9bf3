"""A host is never locked out of their own match: the host and seat tokens are kept in the data
directory and the next start offers "Return to your match" (the window's server started again, or
a remote one rejoined); the host form remembers its port and who may join. Real servers, port 0."""

from __future__ import annotations

import json

import pygame

from tests.client.menu_harness import frame, make_app, press, screenshot, settle

from game.client.protocol import hosted as hosted_store
from game.client.protocol.hosted import HostedMatch
from game.client.screens.host import HostScreen
from game.client.screens.lobby import LobbyScreen
from game.client.screens.menu import MainMenu
from game.client.screens.game_screen import GameScreen
from game.client.settings import Settings


def host_on_this_machine(app) -> HostScreen:
    app.show(HostScreen(app))
    screen = app.scene
    screen.network, screen.port_text = "this machine only (127.0.0.1)", "0"
    press(app, pygame.K_RETURN)
    assert isinstance(app.scene, LobbyScreen) and app.hosted is not None
    return screen


def test_the_host_form_remembers_the_port_and_who_may_join(app, tmp_path):
    host_on_this_machine(app)
    assert (app.settings.host_port, app.settings.host_network) == (0, "127.0.0.1")
    assert Settings.load(tmp_path / "settings.json").host_port == 0
    again = HostScreen(app)
    assert (again.port_text, again.network) == ("0", "this machine only (127.0.0.1)")


def test_a_host_whose_window_closed_returns_to_their_match_and_starts_it(app, tmp_path):
    host_on_this_machine(app)
    settle(app, lambda: hosted_store.default_path().exists())
    kept = hosted_store.load()
    assert kept is not None and kept.match == app.session.match and kept.host_token == app.session.host_token
    assert kept.listen == "127.0.0.1" and kept.port == int(app.hosted.url.rsplit(":", 1)[1])
    assert oct(hosted_store.default_path().stat().st_mode & 0o777) == "0o600"
    app.close()  # the window goes, and the server it ran with it
    second = make_app(tmp_path)
    try:
        assert second.unreturned == kept
        second.show(MainMenu(second))
        frame(second)
        screenshot(second, "menu-return-hosted.png", tmp_path)
        press(second, pygame.K_r, "r")
        settle(second, lambda: isinstance(second.scene, LobbyScreen))
        assert second.scene.hosting and second.hosted is not None
        assert (second.session.seat, second.session.host_token) == (kept.seat, kept.host_token)
        press(second, pygame.K_RETURN)  # Start the match: the host token works again
        settle(second, lambda: isinstance(second.scene, GameScreen))
        settle(second, lambda: second.session.phase == "running")
    finally:
        second.close()


def test_a_match_hosted_on_a_remote_server_is_returned_to_by_rejoining(app, tmp_path):
    server = app.services.start_server()
    app.servers.append(server)
    session = app.connect(server.url, "ann")
    session.start_hosting("duel", (None, "dove"), 0, turn_seconds=0)
    settle(app, lambda: hosted_store.default_path().exists())
    kept = hosted_store.load()
    assert kept.url == server.url and kept.listen is None and kept.port is None
    app.disconnect()
    app.unreturned = hosted_store.load()  # as the next start finds it
    app.return_to_hosted_match()
    settle(app, lambda: isinstance(app.scene, LobbyScreen))
    assert app.hosted is None and app.scene.hosting and app.session.seat == 0
    app.scene.back()  # the host cancels the match: nothing is kept any more
    assert not hosted_store.default_path().exists() and app.unreturned is None


def test_a_finished_match_is_forgotten_and_a_broken_file_is_ignored(app, tmp_path):
    path = hosted_store.default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert hosted_store.load() is None
    path.write_text(json.dumps({"url": "ws://x", "match": "m"}))
    assert hosted_store.load() is None
    good = HostedMatch("ws://127.0.0.1:9", "m", "CODE", "h" * 48, 0, "s" * 48, "duel", None, None)
    hosted_store.save(good)
    assert hosted_store.load() == good
    hosted_store.forget()
    assert hosted_store.load() is None


def test_the_join_form_creates_a_private_match_on_a_remote_server_and_hosts_it(app, tmp_path):
    from tests.client.client_harness import Pump
    from game.assets import load_scenario
    from game.client.protocol.session import Session
    from game.client.protocol.transport import Connection
    from game.client.screens.connect import ConnectScreen

    server = app.services.start_server()
    app.servers.append(server)
    app.show(ConnectScreen(app, address=server.url))
    app.scene.create_here()
    frame(app)
    screen = app.scene
    assert isinstance(screen, HostScreen) and screen.remote == server.url
    screen.is_public = False
    screen.timer = "1 minute"
    screen.rebuild()
    frame(app)
    screenshot(app, "host-remote.png", tmp_path)
    press(app, pygame.K_RETURN)  # Create the match
    assert isinstance(app.scene, LobbyScreen) and app.hosted is None
    settle(app, lambda: app.session.seat == 0 and app.session.phase == "lobby")
    lobby = app.scene
    assert lobby.addresses == [server.url]
    frame(app)
    screenshot(app, "host-remote-lobby.png", tmp_path)
    connection = Connection(server.url).start()
    try:
        other = Pump(Session(load_scenario, "bo"), connection)
        other.session.start_listing()
        other.until(lambda m: m.TYPE == "matches")
        assert other.session.matches == []  # private: by code only
        other.session.start_join(app.session.code, "bo")
        other.until(lambda m: m.TYPE == "sync")
        press(app, pygame.K_RETURN)  # Start: the host's controls work on the remote server
        settle(app, lambda: isinstance(app.scene, GameScreen))
        assert app.session.deadline is not None and lobby.hosting
    finally:
        connection.close()


def test_cancelling_a_lobby_on_a_remote_server_leaves_it_so_the_server_drops_it(app, tmp_path):
    from tests.client.client_harness import Pump
    from game.assets import load_scenario
    from game.client.protocol.session import Session
    from game.client.protocol.transport import Connection
    from game.client.screens.connect import ConnectScreen

    server = app.services.start_server()
    app.servers.append(server)
    app.show(ConnectScreen(app, address=server.url))
    app.scene.create_here()
    frame(app)
    press(app, pygame.K_RETURN)  # Create the match (public)
    settle(app, lambda: app.session.seat == 0 and app.session.phase == "lobby")
    code = app.session.code
    connection = Connection(server.url).start()
    try:
        other = Pump(Session(load_scenario, "bo"), connection)
        other.session.start_listing()
        other.until(lambda m: m.TYPE == "matches")
        assert [m.code for m in other.session.matches] == [code]
        other.session.request("spectate", code=code)
        other.until(lambda m: m.TYPE == "spectating")
        press(app, pygame.K_ESCAPE)  # Cancel the match
        assert isinstance(app.scene, MainMenu) and app.link is None and hosted_store.load() is None
        other.until(lambda m: m.TYPE == "event" and m.kind == "cancelled")
        assert other.session.notices[-1] == "The host cancelled the match."
        other.session.request("list")
        other.until(lambda m: m.TYPE == "matches")
        assert other.session.matches == []  # the host's leave dropped the lobby at once, not on its expiry
        other.session.start_join(code, "bo")
        other.until(lambda m: m.TYPE == "error")
        assert other.session.failure is not None and "No match has that code" in other.session.failure
    finally:
        connection.close()
