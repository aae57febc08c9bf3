"""Names, chat and every other text: control and format characters are refused over a real socket."""

from __future__ import annotations

import asyncio

from server.app import SpiralServer
from server.storage import Store
from tests.server.client_helpers import Client


def test_a_name_or_chat_line_with_control_characters_is_refused_and_reaches_nobody(tmp_path):
    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            host = await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, None], turn_seconds=0)
            ann, bob = await Client.open(port), await Client.open(port)
            for name in ["\x1b[2Jadmin", "nul\x00", "\u202etxt.exe", "two\nlines"]:
                refused = await ann.call("join", code=created["code"], name=name)
                assert (refused["type"], refused["code"]) == ("error", "bad-message")
            assert (await ann.call("join", code=created["code"], name="ann"))["type"] == "joined"
            assert (await bob.call("join", code=created["code"], name="bob"))["type"] == "joined"
            for text in ["hi\nbob: I attack you", "\u202edlrow", "bell\x07"]:
                assert (await bob.call("chat", match=created["match"], text=text))["code"] == "bad-message"
            assert (await bob.call("chat", match=created["match"], text="peace?"))["type"] == "chat"
            line = await ann.until(lambda m: m["type"] == "chat")
            assert line["line"]["text"] == "peace?"  # the first chat ann sees: nothing refused reached her
            assert [s.name for s in server.lobby.matches[created["match"]].seats] == ["ann", "bob"]
            for client in (host, ann, bob):
                await client.close()
        finally:
            await server.stop()
    asyncio.run(asyncio.wait_for(main(), 20))
