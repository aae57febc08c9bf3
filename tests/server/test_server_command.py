"""`spiral serve`'s arguments: problems end with one line and exit status 2, never a traceback."""

from __future__ import annotations

import sys

import pytest

from game.cli import main
from server.command import default_db_path


@pytest.mark.parametrize("arguments, message", [
    (["--port", "eighty"], "--port must be a whole number"),
    (["--port", "70000"], "--port must be from 0 to 65535"),
    (["--certfile", "cert.pem"], "--certfile and --keyfile go together"),
    (["--rate", "0"], "--rate must be above 0"),
    (["--matches-per-connection", "many"], "--matches-per-connection must be a whole number"),
    (["--open-lobbies", "-1"], "--open-lobbies must be 0 (no limit) or more"),
    (["--lobby-expiry", "0"], "--lobby-expiry must be above 0 seconds"),
    (["--hello-timeout", "soon"], "--hello-timeout must be a number of seconds"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, arguments, message):
    assert main(["serve", *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG_DATA_HOME is for other systems")
def test_the_default_database_is_in_the_users_data_directory(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "spiral" / "server.sqlite3"


def test_the_limit_flags_make_the_lobbys_limits():
    import argparse

    from server.command import add_command, limits_from
    parser = argparse.ArgumentParser()
    add_command(parser.add_subparsers())
    args = parser.parse_args(["serve", "--matches-per-address", "0", "--lobby-expiry", "60", "--hello-timeout", "2.5"])
    limits = limits_from(args)
    assert (limits.matches_per_address, limits.lobby_expiry, limits.hello_timeout) == (0, 60.0, 2.5)
    assert limits.matches_per_connection == 4  # the default
