"""The websockets adapter with real sockets on 127.0.0.1, port 0."""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode

import server.app as app
from server.app import SpiralServer
from server.storage import Store
from tests.server.client_helpers import Client


def serve_and(body, tmp_path):
    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            return await asyncio.wait_for(body(server, port), 20)
        finally:
            await server.stop()
    return asyncio.run(main())


def test_a_player_and_a_bot_play_over_the_socket(tmp_path):
    async def body(server, port):
        host = await Client.open(port)
        created = await host.call("create", scenario="duel", seats=[None, "basic"], seed=2, turn_seconds=0)
        player = await Client.open(port)
        joined = await player.call("join", code=created["code"], name="ann")
        sync = await player.until(lambda m: m["type"] == "sync")
        await host.call("host", match=created["match"], token=created["host_token"], action="start")
        view = sync["view"]
        stamp = {"match": created["match"], "turn": view["turn"], "version": view["version"]}
        assert (await player.call("orders", orders="budget 30/60/10", **stamp))["type"] == "ack"
        assert (await player.call("orders", orders="budget 30/60/10", match=created["match"], turn=9,
                                  version=0))["code"] == "stale-orders"
        await player.call("ready", ready=True, **stamp)
        turn = await player.until(lambda m: m["type"] == "turn")
        assert turn["view"]["turn"] == view["turn"] + 1 and turn["view"]["player"] == joined["seat"]
        # Drop and come back with the token: the same seat, a full sync.
        await player.close()
        again = await Client.open(port)
        assert (await again.call("rejoin", match=created["match"], token=joined["token"]))["seat"] == 0
        assert (await again.until(lambda m: m["type"] == "sync"))["view"]["turn"] == view["turn"] + 1
    serve_and(body, tmp_path)


def test_a_bot_filled_match_runs_to_the_end_unattended(tmp_path):
    async def body(server, port):
        host = await Client.open(port)
        created = await host.call("create", scenario="doubly-safe", seats=["basic", "random", "basic", "basic"],
                                  seed=4, turn_seconds=0)
        await host.call("spectate", code=created["code"])
        await host.call("host", match=created["match"], token=created["host_token"], action="start")
        reveal = await host.until(lambda m: m["type"] == "reveal")
        assert len(reveal["reveal"]["scores"]) == 4
    serve_and(body, tmp_path)


def test_hostile_frames_get_errors_or_closes_and_the_server_stays_up(tmp_path):
    async def body(server, port):
        client = await Client.open(port)
        await client.socket.send(b"\xc1 not msgpack")
        assert (await client.until(lambda m: True))["code"] == "bad-frame"
        await client.socket.send("a text frame")
        assert (await client.until(lambda m: True))["code"] == "bad-frame"
        await client.socket.send(b"\x00" * (app.MAX_CLIENT_FRAME + 1))
        with pytest.raises(ConnectionClosed) as closed:
            await client.until(lambda m: False)
        assert closed.value.rcvd.code == 1009  # message too big
        # A handshake that never comes is dropped; meanwhile others are served.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        other = await Client.open(port)
        assert (await other.call("list"))["type"] == "matches"
        writer.close()
    serve_and(body, tmp_path)


def test_a_client_that_stops_reading_is_cut_off(tmp_path, monkeypatch):
    monkeypatch.setattr(app, "SEND_TIMEOUT", 0.5)

    async def body(server, port):
        host = await Client.open(port)
        created = await host.call("create", scenario="world", seats=["basic"] * 8, seed=1, turn_seconds=0)
        await host.call("host", match=created["match"], token=created["host_token"], action="start")
        async def finished() -> None:
            while server.lobby.matches[created["match"]].phase != "over":
                await asyncio.sleep(0.05)  # polling a real server: its bots run in threads

        await asyncio.wait_for(finished(), 120)  # a hung match fails the test instead of hanging it
        small = socket.socket()
        small.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        small.connect(("127.0.0.1", port))
        stalled = await Client.open(port, sock=small, max_size=None)
        await stalled.call("spectate", code=created["code"])
        stalled.socket.transport.pause_reading()
        for _ in range(40):  # each answer is the full reveal, tens of kilobytes
            await stalled.socket.send(b"\x83\xa4type\xa4sync\xa2id\x01\xa5match" +
                                      bytes([0xa0 | len(created["match"])]) + created["match"].encode())
        for _ in range(100):
            if len(server._sockets) == 1:
                break
            await asyncio.sleep(0.05)
        assert len(server._sockets) == 1  # only the host is left
        assert (await host.call("list"))["type"] == "matches"
    serve_and(body, tmp_path)


def test_a_slow_handshake_is_dropped(tmp_path, monkeypatch):
    monkeypatch.setattr(app, "OPEN_TIMEOUT", 0.3)

    async def body(server, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the rest
        assert await asyncio.wait_for(reader.read(), 5) == b""  # closed by the server
        writer.close()
    serve_and(body, tmp_path)


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_wss_with_a_certificate(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)

    async def main():
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(cert, key)
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0, ssl_context=server_context)
        try:
            client_context = ssl.create_default_context(cafile=str(cert))
            async with connect(f"wss://127.0.0.1:{port}", ssl=client_context, compression=None) as socket:
                await socket.send(encode({"type": "hello", "id": 1, "protocol": PROTOCOL_VERSION}))
                assert decode_server_frame(await socket.recv())["type"] == "welcome"
        finally:
            await server.stop()
    asyncio.run(main())
