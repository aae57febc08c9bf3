"""Server addresses and join codes as players type them, checked and put in one form."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

DEFAULT_PORT = 8765


def normalise_address(text: str) -> str:
    """A server address as typed (``host``, ``host:port``, ``ws://host:port``) as a ws:// or wss:// URL.

    Raises:
        ValueError: saying what is wrong with it.
    """
    text = text.strip()
    if not text:
        raise ValueError("Type the server's address, e.g. ws://192.168.1.20:8765.")
    if "://" not in text:
        text = "ws://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("ws", "wss"):
        raise ValueError(f"The address must start with ws:// or wss://, not {parts.scheme}://.")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("The port (after the colon) must be a number from 1 to 65535.") from None
    if not parts.hostname:
        raise ValueError("The address names no host, e.g. ws://192.168.1.20:8765.")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{port or DEFAULT_PORT}{parts.path}"


def normalise_code(text: str) -> str:
    return "".join(text.split()).upper()


def unreachable(url: str, problem: str | None) -> str:
    return (f"Could not reach a Spiral server at {url}. Check the address and the port, that the server "
            f"is running and, across a network, that its firewall lets the port in. ({problem or 'no answer'})")


def lan_addresses() -> list[str]:
    """This machine's addresses on its networks (best effort; no packet is sent)."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: connecting a UDP socket sends nothing
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        for address in socket.gethostbyname_ex(socket.gethostname())[2]:
            if address not in found:
                found.append(address)
    except OSError:
        pass
    return [a for a in found if not a.startswith("127.")]
