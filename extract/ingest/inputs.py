"""Reading one article from a file or stdin, with errors a person can act on.

`read_article` refuses what cannot be an article (missing file, directory,
unreadable, empty, binary, neither UTF-8 nor UTF-16 with a byte order mark)
with an InputError naming the source and the reason in one line; the CLI
prints it as is.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from vnfacts.errors import InputError

STDIN = "-"
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that never occur in text: C0 controls except TAB, LF, VT, FF, CR, and DEL.
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}) | {0x7F}
_BINARY_SHARE = 0.3  # more control characters than this share: a binary file
_SNIFF = 8192


def _read_bytes(path: str) -> tuple[bytes, str]:
    if path == STDIN:
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    try:
        if not p.exists():
            raise InputError(path, "no such file")
        if p.is_dir():
            raise InputError(path, "is a directory, not a file")
        return p.read_bytes(), path
    except InputError:
        raise
    except PermissionError:
        raise InputError(path, "permission denied (cannot read the file)") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None


def decode_article(data: bytes, where: str) -> str:
    """Bytes of one article -> text; InputError for empty, binary or non-UTF-8 data.

    UTF-8 is the encoding; UTF-16 is read too when a byte order mark says so
    (Windows tools write it). Other encodings (cp1258, TCVN3) cannot be told
    apart reliably, so they are refused with a reason.
    """
    if data.startswith(_UTF16_BOMS):
        return _decode_utf16(data, where)
    data = data.removeprefix(_BOM)
    if not data:
        raise InputError(where, "empty file")
    if b"\x00" in data:
        raise InputError(where, "binary file (contains NUL bytes), not an article text")
    head = data[:_SNIFF]
    if sum(b in _CONTROL_BYTES for b in head) > _BINARY_SHARE * len(head):
        raise InputError(where, "binary file (mostly control characters), not an article text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        err = InputError(
            where, f"not UTF-8 (invalid byte 0x{data[e.start]:02x} at line {line}, "
            f"byte offset {e.start}); convert it to UTF-8 first")
        err.line = line
        raise err from None
    if not text.strip():
        raise InputError(where, "empty file (only whitespace)")
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c" for c in text[:_SNIFF])
    if controls > _BINARY_SHARE * min(len(text), _SNIFF):
        raise InputError(where, "binary file (mostly control characters), not an article text")
    return text


def _decode_utf16(data: bytes, where: str) -> str:
    try:
        text = data.decode("utf-16")  # the BOM says which byte order, and is dropped
    except UnicodeDecodeError as e:
        raise InputError(where, f"starts with a UTF-16 byte order mark but is not valid UTF-16 "
                                f"(byte offset {e.start}); convert it to UTF-8 first") from None
    if not text.strip():
        raise InputError(where, "empty file (only whitespace)")
    controls = sum(unicodedata.category(c) == "Cc" and c not in "\t\n\r\x0b\x0c" for c in text[:_SNIFF])
    if controls > _BINARY_SHARE * min(len(text), _SNIFF):
        raise InputError(where, "binary file (mostly control characters), not an article text")
    return text


def read_article(path: str) -> tuple[str, str]:
    """Read one article: (text, source). `path` "-" reads stdin (source "-").

    A UTF-8 byte order mark is dropped. Raises InputError naming the file and
    why it cannot be read as an article.
    """
    data, where = _read_bytes(path)
    return decode_article(data, where), path
