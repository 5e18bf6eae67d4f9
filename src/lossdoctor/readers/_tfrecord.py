"""TFRecord framing, CRC-32C and the protobuf wire format of `tensorboard.Event`, without protobuf or TensorFlow.

A record is `uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)`. The fast path
never computes a CRC (like TensorBoard's Rust data server): the length CRC is checked only when a record looks
wrong (it runs past the end of the file, or its data cannot be decoded), and full checking is an option.
Field numbers are those of tensorboard's `event.proto`, `summary.proto` and `tensor.proto`.
"""
from __future__ import annotations

import functools
import struct
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

_HEADER = struct.Struct("<QI")
_U32 = struct.Struct("<I")
_F32 = struct.Struct("<f")
_F64 = struct.Struct("<d")
_MASK_DELTA = 0xA282EAD8

# ------------------------------------------------------------------------------------------------ CRC-32C


def _make_table() -> np.ndarray:
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0x82F63B78), table >> 1).astype(np.uint32)
    return table


_TABLE = _make_table()
_TABLE_LIST = [int(x) for x in _TABLE]


def _crc32c_python(data: bytes) -> int:
    crc = 0xFFFFFFFF
    table = _TABLE_LIST
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


@functools.lru_cache(maxsize=1)
def _native_crc32c() -> Callable[[bytes], int] | None:
    """google-crc32c (Apache-2.0) or crc32c (LGPL) when installed; both are optional."""
    try:
        import google_crc32c

        return lambda data: int(google_crc32c.value(bytes(data)))
    except ImportError:
        pass
    try:
        import crc32c

        return lambda data: int(crc32c.crc32c(bytes(data)))
    except ImportError:
        return None


def crc32c(data: bytes) -> int:
    """CRC-32C (Castagnoli) of `data`, with a native package when one is installed."""
    native = _native_crc32c()
    return native(data) if native is not None else _crc32c_python(data)


def masked_crc32c(data: bytes) -> int:
    """The masked CRC TFRecord stores: rotate right by 15 bits, then add a constant."""
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def masked_crc32c_many(b: np.ndarray, offs: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """Masked CRC-32C of many byte ranges b[offs[i]:offs[i]+lens[i]] at once (numpy, column by column)."""
    order = np.argsort(-lens, kind="stable")
    o, n = offs[order], lens[order]
    crc = np.full(o.size, 0xFFFFFFFF, dtype=np.uint32)
    active = o.size
    for j in range(int(n[0]) if n.size else 0):
        while active and n[active - 1] <= j:
            active -= 1
        c = crc[:active]
        crc[:active] = _TABLE[(c ^ b[o[:active] + j]) & 0xFF] ^ (c >> 8)
    crc ^= np.uint32(0xFFFFFFFF)
    masked = ((crc >> np.uint32(15)) | (crc << np.uint32(17))) + np.uint32(_MASK_DELTA)
    out = np.empty_like(masked)
    out[order] = masked
    return out


# ------------------------------------------------------------------------------------------------ framing


@dataclass
class Frames:
    """Where the records of one stretch of a file lie, and why framing stopped (None: clean end or chunk full)."""

    data_offs: np.ndarray  # int64, start of each record's data
    data_lens: np.ndarray  # int64
    next_pos: int
    stop: str | None = None


def frame(buf: memoryview, pos: int, size: int, max_records: int) -> Frames:
    """Walk record headers from `pos`; stop at the end, after max_records, or at a record that does not fit.

    Writers repeat a short cycle of record sizes (one per tag), so once the last sizes repeat with a period
    of up to 8 records, the next positions are predicted in a block and their length fields are checked
    with numpy; the block is accepted up to the first mismatch. Every accepted length is read from the file,
    so the result is exactly what the record-by-record loop gives.
    """
    b = np.frombuffer(buf, dtype=np.uint8)
    lengths = sliding_window_view(b, 8) if size >= 8 else None
    blocks: list[np.ndarray] = []
    offs: list[int] = []
    recent: list[int] = []
    unpack = _HEADER.unpack_from
    stop = None
    count = 0
    block, cooldown = 64, 0
    limit = size - 12
    while pos <= limit and count < max_records:
        if cooldown == 0 and len(recent) >= 16 and lengths is not None:
            period = next((p for p in range(1, 9) if recent[-p:] == recent[-2 * p:-p]), 0)
            if period:
                k = min(block, max_records - count)
                sizes = np.resize(np.array(recent[-period:], dtype=np.int64), k)
                ends = pos + np.cumsum(sizes)
                k = int(np.searchsorted(ends, size, side="right"))
                starts = ends[:k] - sizes[:k]
                ok = np.ascontiguousarray(lengths[starts]).view("<u8").ravel() == (sizes[:k] - 16).astype(np.uint64)
                m = k if ok.all() else int(np.argmin(ok))
                if m:
                    if offs:
                        blocks.append(np.array(offs, dtype=np.int64))
                        offs = []
                    blocks.append(starts[:m] + 12)
                    count += m
                    pos = int(ends[m - 1])
                    block = min(block * 2, 8192) if m == k else 64
                    if m == k:
                        continue
                cooldown = 2 * period + 1
        length = unpack(buf, pos)[0]
        end = pos + 16 + length
        if end > size:
            stop = _describe_bad_length(buf, pos, size, length)
            break
        offs.append(pos + 12)
        recent.append(16 + length)
        if len(recent) > 32:
            del recent[:16]
        cooldown = max(cooldown - 1, 0)
        count += 1
        pos = end
    if stop is None and count < max_records and pos < size:
        stop = f"the last record is truncated ({size - pos} bytes of header at byte {pos})"
    blocks.append(np.array(offs, dtype=np.int64))
    o = np.concatenate(blocks)
    lens = np.empty_like(o)
    if o.size:
        lens[:-1] = o[1:] - o[:-1] - 16
        lens[-1] = pos - 4 - o[-1]
    return Frames(o, lens, pos, stop)


def length_crc_ok(buf: memoryview, pos: int) -> bool:
    """Whether the 8 length bytes at `pos` match the CRC stored after them."""
    return masked_crc32c(bytes(buf[pos:pos + 8])) == _U32.unpack_from(buf, pos + 8)[0]


def _describe_bad_length(buf: memoryview, pos: int, size: int, length: int) -> str:
    if length_crc_ok(buf, pos):
        return (f"the last record is truncated (it needs {length + 16} bytes at byte {pos}, "
                f"{size - pos} are there)")
    return f"the record at byte {pos} has a corrupt length (its CRC does not match)"


# ------------------------------------------------------------------------------------------------ wire format


class WireError(ValueError):
    """Bytes that are not a valid protobuf message of the expected shape."""


def _varint(buf: memoryview, pos: int, end: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= end or shift > 63:
            raise WireError("bad varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result & 0xFFFFFFFFFFFFFFFF, pos  # protobuf keeps the low 64 bits of a longer varint
        shift += 7


def _fields(buf: memoryview, pos: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """Yield (field_number, wire_type, value_or_start, stop) for each field of a message."""
    while pos < end:
        key, pos = _varint(buf, pos, end)
        num, wt = key >> 3, key & 7
        if wt == 0:
            val, pos = _varint(buf, pos, end)
            yield num, wt, val, pos
        elif wt == 1:
            if pos + 8 > end:
                raise WireError("short fixed64")
            yield num, wt, pos, pos + 8
            pos += 8
        elif wt == 2:
            ln, pos = _varint(buf, pos, end)
            if pos + ln > end:
                raise WireError("length past the end of the message")
            yield num, wt, pos, pos + ln
            pos += ln
        elif wt == 5:
            if pos + 4 > end:
                raise WireError("short fixed32")
            yield num, wt, pos, pos + 4
            pos += 4
        else:
            raise WireError(f"unsupported wire type {wt}")
    if pos != end:
        raise WireError("message overruns its length")


@dataclass
class Scalar:
    """One scalar of a Summary; (offset, size, dtype) locate its bytes when they are fixed-width."""

    tag: str
    value: float
    offset: int = -1
    size: int = 0
    dtype: str = ""


@dataclass
class Event:
    wall_time: float = 0.0
    step: int = 0
    scalars: list[Scalar] = field(default_factory=list)
    session_start: bool = False


_DT = {1: ("<f4", 4), 2: ("<f8", 8), 3: ("<i4", 4), 9: ("<i8", 8), 19: ("<f2", 2)}


def decode_event(buf: memoryview, start: int, end: int) -> Event:
    """Decode one serialized Event; only scalars (simple_value or one-element numeric tensors) are kept."""
    ev = Event()
    for num, wt, a, b in _fields(buf, start, end):
        if num == 1 and wt == 1:
            ev.wall_time = _F64.unpack_from(buf, a)[0]
        elif num == 2 and wt == 0:
            ev.step = a - (1 << 64) if a >= 1 << 63 else a
        elif num == 5 and wt == 2:
            for vnum, vwt, va, vb in _fields(buf, a, b):
                if vnum == 1 and vwt == 2:
                    sc = _decode_value(buf, va, vb)
                    if sc is not None:
                        ev.scalars.append(sc)
        elif num == 7 and wt == 2:
            for snum, swt, sa, _ in _fields(buf, a, b):
                if snum == 1 and swt == 0 and sa == 1:
                    ev.session_start = True
    return ev


def _decode_value(buf: memoryview, start: int, end: int) -> Scalar | None:
    tag = node = ""
    scalar: Scalar | None = None
    for num, wt, a, b in _fields(buf, start, end):
        if num == 1 and wt == 2:
            tag = bytes(buf[a:b]).decode("utf-8", "replace")
        elif num == 7 and wt == 2:
            node = bytes(buf[a:b]).decode("utf-8", "replace")
        elif num == 2 and wt == 5:
            scalar = Scalar("", _F32.unpack_from(buf, a)[0], a, 4, "<f4")
        elif num == 8 and wt == 2:
            scalar = _decode_tensor(buf, a, b)
    if scalar is not None:
        scalar.tag = tag or node
    return scalar


def _decode_tensor(buf: memoryview, start: int, end: int) -> Scalar | None:
    """A one-element DT_FLOAT/DOUBLE/INT32/INT64/HALF tensor as a scalar; anything else is not a scalar."""
    dtype, elements = 0, 1
    found: list[tuple[float, int, int, str]] = []
    for num, wt, a, b in _fields(buf, start, end):
        if num == 1 and wt == 0:
            dtype = a
        elif num == 2 and wt == 2:
            elements = _shape_elements(buf, a, b)
        elif num == 4 and wt == 2:
            found.append((float("nan"), a, b - a, "content"))
        elif num == 5:
            found.extend(_packed(buf, a, b, wt, "<f4", 4))
        elif num == 6:
            found.extend(_packed(buf, a, b, wt, "<f8", 8))
        elif num in (7, 10) and wt == 0:
            found.append((float(a - (1 << 64) if a >= 1 << 63 else a), -1, 0, ""))
        elif num in (7, 10) and wt == 2:
            pos = a
            while pos < b:
                v, pos = _varint(buf, pos, b)
                found.append((float(v - (1 << 64) if v >= 1 << 63 else v), -1, 0, ""))
    if elements != 1 or dtype not in _DT or len(found) != 1:
        return None
    value, off, size, kind = found[0]
    if kind == "content":
        np_dtype, width = _DT[dtype]
        if size != width:
            return None
        return Scalar("", float(np.frombuffer(buf[off:off + size], dtype=np_dtype)[0]), off, size, np_dtype)
    if dtype == 3 and kind == "":  # int_val varints may be sign-extended to 64 bits
        value = float((int(value) + (1 << 31)) % (1 << 32) - (1 << 31))
    return Scalar("", value, off, size, kind)


def _packed(buf: memoryview, a: int, b: int, wt: int, np_dtype: str, width: int) -> list[tuple[float, int, int, str]]:
    if wt == 2:
        return [(float(np.frombuffer(buf[i:i + width], dtype=np_dtype)[0]), i, width, np_dtype)
                for i in range(a, b - width + 1, width)]
    if wt in (1, 5) and b - a == width:
        return [(float(np.frombuffer(buf[a:b], dtype=np_dtype)[0]), a, width, np_dtype)]
    raise WireError("bad packed field")


def _shape_elements(buf: memoryview, start: int, end: int) -> int:
    elements = 1
    for num, wt, a, b in _fields(buf, start, end):
        if num == 2 and wt == 2:
            size = 0
            for dnum, dwt, da, _ in _fields(buf, a, b):
                if dnum == 1 and dwt == 0:
                    size = da
            elements *= size
        elif num == 3 and wt == 0 and a:
            return -1  # unknown rank
    return elements
