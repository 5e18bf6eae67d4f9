"""The LevelDB-log framing of W&B's `.wandb` transaction log, with no dependency.

File = 7-byte header (`:W&B`, uint16 magic 0xBEE1, uint8 version 0), then 32 KiB blocks counted from byte 0 of
the file. A chunk = uint32 checksum, uint16 length, uint8 type (1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST), payload; a
block tail shorter than a chunk header is zero padding. W&B's variant (`core/pkg/leveldb/record.go`) checks
CRC-32/IEEE over the type byte + payload, unmasked (verified on files written by wandb 0.31: every chunk matched
`zlib.crc32`, none CRC-32C). zlib's CRC is C code, so every chunk is checked: a bad one ends the valid prefix.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

HEADER = b":W&B\xe1\xbe\x00"
BLOCK = 32768
_CHUNK = struct.Struct("<IHB")
_FULL, _FIRST, _MIDDLE, _LAST = 1, 2, 3, 4


@dataclass
class LogRecords:
    """The whole records of a log, in order, and why reading stopped early (None: clean end)."""

    records: list[bytes] = field(default_factory=list)
    stop: str | None = None


def has_header(head: bytes) -> bool:
    return head[:4] == HEADER[:4] and head[4:6] == HEADER[4:6]


def read_records(data: bytes) -> LogRecords:
    """Reassemble the records of a `.wandb` file; a truncated or corrupt tail ends the valid prefix."""
    out = LogRecords()
    pos, size = len(HEADER), len(data)
    parts: list[bytes] | None = None
    while pos < size:
        left = BLOCK - pos % BLOCK
        if left < _CHUNK.size:
            pos += left
            continue
        if pos + _CHUNK.size > size:
            if any(data[pos:]):
                out.stop = f"the last chunk header is truncated ({size - pos} bytes at byte {pos})"
            break
        crc, length, kind = _CHUNK.unpack_from(data, pos)
        start, end = pos + _CHUNK.size, pos + _CHUNK.size + length
        if crc == 0 and length == 0 and kind == 0:  # zero padding left by a writer that stopped mid-block
            if any(data[pos:min(size, pos + left)]):
                out.stop = f"unexpected bytes after zero padding at byte {pos}"
                break
            pos += left
            continue
        if end > size and end <= pos + left:  # a chunk never crosses its block: past the end = cut short
            out.stop = (f"the last chunk is truncated (it needs {length} bytes at byte {start}, "
                        f"{size - start} are there)")
            break
        if end > min(size, pos + left) or kind not in (_FULL, _FIRST, _MIDDLE, _LAST) \
                or zlib.crc32(data[pos + 6:end]) != crc:
            out.stop = f"the chunk at byte {pos} is corrupt (its CRC-32 or header does not match)"
            break
        payload = data[start:end]
        if kind == _FULL:
            parts = None
            out.records.append(payload)
        elif kind == _FIRST:
            parts = [payload]
        elif parts is not None:
            parts.append(payload)
            if kind == _LAST:
                out.records.append(b"".join(parts))
                parts = None
        pos = end
    if out.stop is None and parts is not None:
        out.stop = "the last record is incomplete (its final chunk was never written)"
    return out
