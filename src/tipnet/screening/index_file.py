"""The saved screening index: data only, integrity-checked, written atomically.

One file: a fixed magic line, an HMAC-SHA256 tag, then a JSON header and raw little-endian numpy
arrays (int16/int32/int64/bool only) and UTF-8 string blocks, each described in the header by
dtype, shape, offset and length. The tag covers everything but itself, under a key derived from the
keyring (`Keyring.screening_index_key`); it is checked over the whole file, read once into memory,
BEFORE any byte of it is parsed. Nothing in the file is ever executed or used to pick code (no
pickle, no object arrays): a changed, truncated, foreign or pickled file is refused with
`IndexFileError`.

The file is written to an unpredictable temporary name in the target's folder (mode 0600) and
renamed over the target: a server starting meanwhile never reads half an index, and no other user
can read it or plant one in its place by guessing the temporary name.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import os
import struct
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

MAGIC = b"TIPNET SCREENING INDEX v1\n"
TAG_SIZE = 32
_ALIGN = 64
_DTYPES = {"<i2": np.int16, "<i4": np.int32, "<i8": np.int64, "|b1": np.bool_}
_MAX_HEADER = 1 << 20


class IndexFileError(ValueError):
    """A saved index that cannot be trusted or read (changed, truncated, foreign, another keyring)."""


def _pad(n: int) -> int:
    return (-n) % _ALIGN


def _string_block(values: list[str]) -> tuple[bytes, np.ndarray | None]:
    """The strings as one UTF-8 block: NUL-separated when none holds a NUL (split in C on loading),
    else with the character offsets of each (len(values) + 1)."""
    joined = "\0".join(values)
    if joined.count("\0") == max(len(values) - 1, 0):
        return joined.encode("utf-8", "surrogatepass"), None
    ends = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(ends, out=offsets[1:])
    return "".join(values).encode("utf-8", "surrogatepass"), offsets


def write_index_file(
    path: Path, key: bytes, meta: dict[str, Any], arrays: dict[str, np.ndarray], strings: dict[str, list[str]]
) -> None:
    """Write `meta` (JSON), `arrays` and `strings` to `path` with their tag under `key`."""
    path = Path(path)
    blocks: list[tuple[str, str, bytes | np.ndarray]] = []  # (kind, name, data)
    text_count: dict[str, int] = {}
    for name, arr in arrays.items():
        a = np.ascontiguousarray(arr)
        if a.dtype.str not in _DTYPES:
            raise TypeError(f"index array {name}: dtype {a.dtype} is not saved")
        blocks.append(("array", name, a))
    for name, values in strings.items():
        blob, offsets = _string_block(values)
        if offsets is not None:
            blocks.append(("array", name + ".offsets", offsets))
        blocks.append(("text", name, blob))
        text_count[name] = len(values)
    header: dict[str, Any] = {"meta": meta, "arrays": {}, "texts": {}}
    offset = 0
    for kind, name, data in blocks:
        if kind == "array":
            assert isinstance(data, np.ndarray)
            header["arrays"][name] = {
                "dtype": data.dtype.str,
                "shape": list(data.shape),
                "offset": offset,
                "nbytes": data.nbytes,
            }
            offset += data.nbytes + _pad(data.nbytes)
        else:
            assert isinstance(data, bytes)
            header["texts"][name] = {"offset": offset, "nbytes": len(data), "count": text_count[name]}
            offset += len(data) + _pad(len(data))
    head = json.dumps(header, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    prefix = struct.pack("<Q", len(head)) + head
    prefix += b"\0" * _pad(len(MAGIC) + TAG_SIZE + len(prefix))

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as fh:
            mac = hmac.new(key, MAGIC, hashlib.sha256)
            fh.write(MAGIC + b"\0" * TAG_SIZE)
            _write(fh, mac, prefix)
            for _kind, _name, data in blocks:
                raw = memoryview(_as_bytes(data) if isinstance(data, np.ndarray) else data)
                _write(fh, mac, raw)
                _write(fh, mac, b"\0" * _pad(len(raw)))
            fh.seek(len(MAGIC))
            fh.write(mac.digest())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _as_bytes(a: np.ndarray) -> bytes | memoryview:
    """The array's bytes without a copy (a zero-size array has none)."""
    return a.reshape(-1).view(np.uint8).data if a.size else b""


def _write(fh: BinaryIO, mac: Any, data: bytes | memoryview) -> None:
    if len(data):
        mac.update(data)
        fh.write(data)


def read_index_file(
    path: Path, key: bytes
) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, list[str]]]:
    """(meta, arrays, strings) of a file `write_index_file` wrote under `key`; IndexFileError if the
    file is not exactly that. The tag is checked before anything is parsed."""
    path = Path(path)
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        buf = bytearray(size)
        view = memoryview(buf)
        got = 0
        while got < size:
            n = fh.readinto(view[got:])
            if not n:
                break
            got += n
    if got != size or size < len(MAGIC) + TAG_SIZE + 8:
        raise IndexFileError(f"{path}: truncated or not a tipnet screening index")
    if bytes(view[: len(MAGIC)]) != MAGIC:
        raise IndexFileError(
            f"{path}: not a tipnet screening index (an old pickled index or another file is never loaded;"
            " rebuild it with `tipnet screen-index build`)"
        )
    mac = hmac.new(key, view[: len(MAGIC)], hashlib.sha256)
    mac.update(view[len(MAGIC) + TAG_SIZE :])
    if not hmac.compare_digest(mac.digest(), bytes(view[len(MAGIC) : len(MAGIC) + TAG_SIZE])):
        raise IndexFileError(
            f"{path}: integrity check failed: the index was changed or truncated, or saved under another"
            " keyring; rebuild it with `tipnet screen-index build`"
        )
    # Authentic from here on; still parsed defensively (a bug must not become a crash or a read
    # outside the file).
    body = view[len(MAGIC) + TAG_SIZE :]
    try:
        (head_len,) = struct.unpack_from("<Q", body, 0)
        if head_len > _MAX_HEADER or 8 + head_len > len(body):
            raise IndexFileError(f"{path}: malformed index header")
        header = json.loads(bytes(body[8 : 8 + head_len]).decode("ascii"))
        start = 8 + head_len + _pad(len(MAGIC) + TAG_SIZE + 8 + head_len)
        data = body[start:]
        arrays: dict[str, np.ndarray] = {}
        for name, spec in header["arrays"].items():
            dtype = _DTYPES[spec["dtype"]]
            shape = tuple(int(s) for s in spec["shape"])
            off, nbytes = int(spec["offset"]), int(spec["nbytes"])
            count = int(np.prod(shape, dtype=np.int64)) if shape else 1
            if off < 0 or nbytes != count * np.dtype(dtype).itemsize or off + nbytes > len(data):
                raise IndexFileError(f"{path}: malformed index array {name}")
            # A copy: the arrays own their memory, and the file's bytes are freed after loading.
            arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=off).reshape(shape).copy()
        strings: dict[str, list[str]] = {}
        for name, spec in header["texts"].items():
            off, nbytes = int(spec["offset"]), int(spec["nbytes"])
            if off < 0 or off + nbytes > len(data):
                raise IndexFileError(f"{path}: malformed index text {name}")
            text = bytes(data[off : off + nbytes]).decode("utf-8", "surrogatepass")
            count = int(spec["count"])
            if name + ".offsets" not in arrays:  # NUL-separated
                parts = text.split("\0") if count else []
                if len(parts) != count or (count == 0 and text):
                    raise IndexFileError(f"{path}: malformed index text {name}")
                strings[name] = parts
                continue
            ends = arrays.pop(name + ".offsets").tolist()
            if (
                not ends
                or ends[0] != 0
                or ends[-1] != len(text)
                or any(b < a for a, b in itertools.pairwise(ends))
            ):
                raise IndexFileError(f"{path}: malformed index text {name}")
            strings[name] = [text[a:b] for a, b in itertools.pairwise(ends)]
        return header["meta"], arrays, strings
    except IndexFileError:
        raise
    except (KeyError, TypeError, ValueError, struct.error) as exc:
        raise IndexFileError(f"{path}: malformed index ({type(exc).__name__})") from None
