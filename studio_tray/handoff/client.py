"""Hand-off channel: ``studio-tray open NAME`` asks a running tray to do the launch.

A ``multiprocessing.connection`` listener, authenticated with a random key kept in a user-only
file beside the socket: a Unix socket in a private (0700) folder on Linux and macOS, a named
pipe on Windows. Messages are small flat JSON objects (never pickles; nesting deeper than
``MAX_DEPTH`` is refused before parsing); anything malformed, oversized
or unauthenticated is dropped. This module is the protocol and the client; the tray's listener
is ``studio_tray.handoff.server``.

A handed-off click is timed in milliseconds, so this module imports only what connecting and
sending take: on a Unix socket the client speaks ``multiprocessing.connection``'s framing and
challenge-response itself (with ``_socket`` and the built-in hash modules: the ``socket``
wrapper's enums and OpenSSL behind ``hmac`` cost a hand-off about 10 ms), since importing that
module pulls in pickle, subprocess and tempfile, more than the rest of the hand-off costs.
Windows' named pipes (and any handshake the quick client does not follow) go through
``multiprocessing.connection``.
``tests/integration/test_cli_open.py`` holds the client path to its imports.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (about 5 ms)
if TYPE_CHECKING:
    import _socket
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    Folder = str | os.PathLike[str]

    Handler = Callable[[dict[str, Any]], dict[str, Any]]

MAX_MESSAGE = 4096
MAX_DEPTH = 4  # requests and answers are flat objects; deeper nesting is refused unparsed
# The "code" of a refused answer, shared by the tray's services and the client.
CODE_UNKNOWN_SHORTCUT = 2  # the running tray has no shortcut of that name (a usage error)
OPS = frozenset({"ping", "open", "picker", "reload"})
UNIX_PATH_MAX = 100
CONNECT_TIMEOUT = 5.0  # connecting and authenticating; the answer has the caller's timeout

# multiprocessing.connection's handshake words and its legacy challenge length (HMAC-MD5).
_CHALLENGE = b"#CHALLENGE#"
_WELCOME = b"#WELCOME#"
_FAILURE = b"#FAILURE#"
_LEGACY_CHALLENGE_LENGTH = 20
_MAX_HANDSHAKE_MESSAGE = 256
_HMAC_BLOCK = 64  # MD5's and SHA-256's block size
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


KEY_NAME = "handoff.key"


def key_file(directory: Folder) -> Path:
    """The file holding the running tray's random key (0600, in the private state folder)."""
    from pathlib import Path

    return Path(directory, KEY_NAME)


def _digest(directory: Folder) -> str:
    import hashlib  # lazily, like tempfile below: the client path is timed in milliseconds

    return hashlib.sha256(_text(directory).encode()).hexdigest()[:16]


def _text(directory: Folder) -> str:
    """The folder as ``str(Path(directory))`` writes it (the server passes a Path, the quick
    client a string: both must name the same socket)."""
    from studio_tray.paths import tidy

    return tidy(os.fspath(directory))


def address(directory: Folder) -> str:
    """Where the tray listens: a named pipe on Windows, else a Unix socket path."""
    if sys.platform == "win32":
        return rf"\\.\pipe\studio-tray-{_digest(directory)}"
    path = os.path.join(_text(directory), "handoff.sock")
    if len(path) <= UNIX_PATH_MAX:
        return path
    # AF_UNIX paths are limited to ~104 bytes: fall back to a private folder in the temp dir.
    import tempfile

    digest = _digest(directory)
    short = os.path.join(tempfile.gettempdir(), f"studio-tray-{os.getuid()}")
    os.makedirs(short, mode=0o700, exist_ok=True)
    info = os.stat(short)
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise PermissionError(f"{short} is not a private folder of this user")
    return os.path.join(short, f"{digest}.sock")


def encode(message: dict[str, Any]) -> bytes:
    """``message`` as JSON bytes (``json.dumps``' text). A request is a flat object of
    strings, written here with the C encoder's string quoting alone: ``json`` and the ``re``
    it imports cost a handed-off ``open`` more than connecting to the tray."""
    quote = _quote()
    if quote is None or not all(isinstance(v, str) for v in message.values()):
        import json

        return json.dumps(message).encode()
    return ("{" + ", ".join(f"{quote(k)}: {quote(v)}" for k, v in message.items()) + "}").encode()


def _quote() -> Callable[[str], str] | None:
    try:
        from _json import encode_basestring_ascii
    except ImportError:  # an interpreter without the C accelerator
        return None
    return encode_basestring_ascii


class _Parsing:
    """What the C scanner reads from a ``json.JSONDecoder``: its default settings."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int

    @staticmethod
    def parse_constant(name: str) -> float:
        return float(name)  # NaN, Infinity and -Infinity, as json.loads reads them


def decode(data: bytes) -> Any:
    """The JSON value in ``data``, as ``json.loads`` reads it; ValueError when it is not JSON
    or nests deeper than ``MAX_DEPTH`` (checked before parsing: a deeply nested message would
    otherwise raise RecursionError in the decoder). Parsed with the C scanner that
    ``json.loads`` runs, without importing ``json`` (see ``encode``)."""
    text = data.decode("utf-8")
    if _depth(text) > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH}")
    scan = _scanner()
    try:
        if scan is None or text.startswith("\ufeff"):
            import json  # and its error for a byte-order mark

            return json.loads(text)
        start = len(text) - len(text.lstrip(_JSON_SPACE))
        try:
            value, end = scan(text, start)
        except StopIteration:
            raise ValueError("not JSON") from None
        if text[end:].strip(_JSON_SPACE):
            raise ValueError("extra data after the JSON value")
        return value
    except RecursionError:  # a belt to the braces above: never let it escape
        raise ValueError("nested too deep") from None


_JSON_SPACE = " \t\n\r"


def _scanner() -> Callable[[str, int], tuple[Any, int]] | None:
    """``json.loads``' C scanner with its default settings; None without the accelerator."""
    try:
        from _json import make_scanner
    except ImportError:
        return None
    return make_scanner(_Parsing)  # type: ignore[arg-type]


def _depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON ``text``, not counting those in strings."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def parse_request(data: bytes) -> dict[str, Any] | None:
    """The request in ``data`` when it is well formed, else None."""
    try:
        message = decode(data)
    except ValueError:  # UnicodeDecodeError is a ValueError too
        return None
    if not isinstance(message, dict) or message.get("op") not in OPS:
        return None
    name = message.get("name")
    if name is not None and not (isinstance(name, str) and 0 < len(name) <= 256):
        return None
    if message["op"] == "open" and name is None:
        return None
    config = message.get("config")
    if config is not None and not (isinstance(config, str) and len(config) <= 1024):
        return None
    request: dict[str, Any] = {"op": message["op"]}
    if name is not None:
        request["name"] = name
    if config is not None:
        request["config"] = config
    return request


def request(
    message: dict[str, Any], directory: Folder, timeout: float = 30.0
) -> dict[str, Any] | None:
    """Send ``message`` to a running tray and return its answer; None when no tray answers.

    Raises ``UnsafeFileError`` when ``directory`` is not a private folder of this user: a socket
    or key there could be another user's.
    """
    from studio_tray.paths import check_private

    check_private(directory, "hand-off folder")
    try:
        with open(os.path.join(directory, KEY_NAME), "rb") as file:
            key = file.read()
    except OSError:
        return None
    if sys.platform == "win32":
        return _request_through_multiprocessing(message, directory, key, timeout)
    try:
        sock = _connect_unix(address(directory), key)
    except _OtherHandshake:
        return _request_through_multiprocessing(message, directory, key, timeout)
    if sock is None:
        return None
    # Once connected, never fall back to a local launch: the tray may already be opening it.
    try:
        try:
            sock.settimeout(timeout)
            _send(sock, encode(message))
            try:
                data = _receive(sock, MAX_MESSAGE)
            except TimeoutError:
                return {
                    "ok": False,
                    "message": f"the running tray did not answer in {timeout:.0f} s",
                }
            answer = decode(data)
        except (OSError, EOFError, ValueError):
            return {"ok": False, "message": "the running tray dropped the request"}
    finally:
        sock.close()
    return _checked(answer)


class _OtherHandshake(Exception):
    """The tray's challenge is one the quick client does not answer."""


def _connect_unix(where: str, key: bytes) -> _socket.socket | None:
    """A connected socket to the tray, authenticated both ways; None when no tray answers
    (or it refused the key); ``_OtherHandshake`` when its challenge is not one we answer."""
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        _connect(sock, where)
        if not _handshake(sock, key):
            sock.close()
            raise _OtherHandshake
    except (OSError, EOFError, ValueError):
        sock.close()
        return None
    return sock


def _connect(sock: _socket.socket, where: str) -> None:
    """Connect, waiting while the tray's queue of connections is full: a Unix socket with a
    timeout says so at once (``BlockingIOError``) where a blocking one, as
    ``multiprocessing.connection``'s, would wait. Gives up after ``CONNECT_TIMEOUT``."""
    import time

    deadline = time.monotonic() + CONNECT_TIMEOUT
    while True:
        try:
            sock.connect(where)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.002)


def _handshake(sock: _socket.socket, key: bytes) -> bool:
    """``multiprocessing.connection.Client``'s authentication, both ways: answer the tray's
    challenge, then check the tray knows the key too. False when the tray's challenge names a
    digest other than the legacy HMAC-MD5 or SHA-256 (Python's own client then takes over);
    ``EOFError`` when the tray refused us or failed our challenge."""
    challenge = _receive(sock, _MAX_HANDSHAKE_MESSAGE)
    if not challenge.startswith(_CHALLENGE):
        raise EOFError("no challenge")
    payload = challenge[len(_CHALLENGE) :]
    response = _response(key, payload)
    if response is None:
        return False
    _send(sock, response)
    if _receive(sock, _MAX_HANDSHAKE_MESSAGE) != _WELCOME:
        raise EOFError("the tray refused the key")
    ours = os.urandom(_LEGACY_CHALLENGE_LENGTH)
    _send(sock, _CHALLENGE + ours)
    answer = _receive(sock, _MAX_HANDSHAKE_MESSAGE)
    if not _answer_is_right(key, ours, answer):
        _send(sock, _FAILURE)
        raise EOFError("the tray does not know the key")
    _send(sock, _WELCOME)
    return True


def _response(key: bytes, payload: bytes) -> bytes | None:
    """The answer to the tray's challenge ``payload``: the raw HMAC-MD5 of a legacy challenge,
    or ``{digest}`` and its HMAC over the whole payload for a ``{sha256}...`` one (Python 3.12+);
    None for anything else."""
    if len(payload) == _LEGACY_CHALLENGE_LENGTH:
        return hmac_digest(key, payload, "md5")
    if payload.startswith(b"{sha256}"):
        return b"{sha256}" + hmac_digest(key, payload, "sha256")
    return None


def _answer_is_right(key: bytes, challenge: bytes, answer: bytes) -> bool:
    """Whether ``answer`` is the key's HMAC of our legacy ``challenge``: raw MD5, or with a
    ``{sha256}`` prefix (a Python 3.12+ server may answer a legacy challenge either way)."""
    from _operator import _compare_digest  # hmac.compare_digest, without importing hmac

    if answer.startswith(b"{sha256}"):
        expected = b"{sha256}" + hmac_digest(key, challenge, "sha256")
    else:
        expected = hmac_digest(key, challenge, "md5")
    return _compare_digest(expected, answer)


def hmac_digest(key: bytes, message: bytes, digest: str) -> bytes:
    """``hmac.digest(key, message, digest)`` for "md5" or "sha256" (RFC 2104, as ``hmac``'s
    own fallback computes it) on Python's built-in hash modules, which load no OpenSSL;
    ``hmac`` itself where they are missing. Checked against ``hmac`` by the tests."""
    new = _builtin_hash(digest)
    if new is None:
        import hmac

        return hmac.digest(key, message, digest)
    if len(key) > _HMAC_BLOCK:
        key = new(key).digest()
    key = key.ljust(_HMAC_BLOCK, b"\0")
    inner = new(key.translate(_IPAD) + message).digest()
    return bytes(new(key.translate(_OPAD) + inner).digest())


def _builtin_hash(digest: str) -> Callable[[bytes], Any] | None:
    try:
        if digest == "md5":
            from _md5 import md5

            return md5
        if digest == "sha256":
            try:
                from _sha2 import sha256  # Python 3.12+
            except ImportError:
                from _sha256 import sha256
            return sha256
    except ImportError:  # a build without them (FIPS): hmac and OpenSSL
        pass
    return None


def _send(sock: _socket.socket, data: bytes) -> None:
    """One ``multiprocessing.connection`` message: a 4-byte signed big-endian length, the bytes."""
    sock.sendall(len(data).to_bytes(4, "big", signed=True) + data)


def _receive(sock: _socket.socket, limit: int) -> bytes:
    """One ``multiprocessing.connection`` message of at most ``limit`` bytes."""
    size = int.from_bytes(_exactly(sock, 4), "big", signed=True)
    if size < 0 or size > limit:
        raise ValueError("bad message length")
    return _exactly(sock, size)


def _exactly(sock: _socket.socket, count: int) -> bytes:
    chunks = []
    while count:
        chunk = sock.recv(count)
        if not chunk:
            raise EOFError("the tray closed the connection")
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _request_through_multiprocessing(
    message: dict[str, Any], directory: Folder, key: bytes, timeout: float
) -> dict[str, Any] | None:
    """``request`` over ``multiprocessing.connection`` (named pipes, other handshakes)."""
    from multiprocessing import AuthenticationError
    from multiprocessing import connection as mpc

    try:
        conn = mpc.Client(
            address(directory),
            family="AF_PIPE" if sys.platform == "win32" else "AF_UNIX",
            authkey=key,
        )
    except (OSError, AuthenticationError, EOFError):
        return None
    with conn:
        try:
            conn.send_bytes(encode(message))
            if not conn.poll(timeout):
                return {
                    "ok": False,
                    "message": f"the running tray did not answer in {timeout:.0f} s",
                }
            answer = decode(conn.recv_bytes(MAX_MESSAGE))
        except (OSError, EOFError, ValueError):
            return {"ok": False, "message": "the running tray dropped the request"}
    return _checked(answer)


def _checked(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        return {"ok": False, "message": "the running tray gave a malformed answer"}
    return answer


def reload_tray(config_path: Folder, directory: Folder) -> bool:
    """Ask a tray running on ``config_path`` to re-read it; True when one did."""
    answer = request({"op": "reload", "config": os.fspath(config_path)}, directory)
    return answer is not None and not answer.get("fallback")
