"""Scalars of TensorBoard event files, decoded a chunk of records at a time with numpy.

Why it is fast: a writer repeats the same record layout for every point of a tag; only the wall time, the
step and the value change. The framing loop finds the records; numpy reads wall time and step column-wise,
groups records by tag, and decodes ONE record per (tag, layout) with the generic decoder to learn where the
value lies; every other record of the group is checked byte-for-byte against that template (all bytes but the
value) and its value is read as a column. Records that do not fit a template go through the generic decoder.
"""
from __future__ import annotations

import mmap
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._tfrecord import (WireError, _native_crc32c, decode_event, frame, length_crc_ok, masked_crc32c,
                        masked_crc32c_many)

CHUNK = 65536  # records decoded together: bounds the temporary arrays
_MULT = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                  0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x2545F4914F6CDD1D, 0x94D049BB133111EB],
                 dtype=np.uint64)
_SHIFTS = np.arange(10, dtype=np.uint64) * np.uint64(7)


class NotEventFile(ValueError):
    """The file does not start with a valid TFRecord."""


@dataclass
class _Part:
    idx: np.ndarray  # record index within the chunk
    steps: np.ndarray  # int64
    values: np.ndarray  # float64
    wall: np.ndarray  # float64


@dataclass
class _Template:
    tag: str
    voff: int
    vsize: int
    dtype: str
    const: np.ndarray  # bool mask over the suffix: every byte but the value
    expected: np.ndarray  # the representative's bytes at `const`


@dataclass
class EventCollector:
    """The scalars of one directory's event files, read in file order (restarted writers append files)."""

    verify_crc: bool = False
    fast: bool = True  # False: decode every record with the generic decoder (the reference the tests compare to)
    tags: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    starts: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    file_walls: list[tuple[float, str]] = field(default_factory=list)  # (first wall time of its points, file name)
    records: int = 0
    _file_records: int = 0
    _templates: dict[tuple[int, bytes], _Template | None] = field(default_factory=dict)

    def add_file(self, path: Path) -> None:
        """Read every valid record of one event file; raise NotEventFile if it does not start like one."""
        size = path.stat().st_size
        if size == 0:
            return
        failure = None
        with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            buf = memoryview(mm)
            try:
                if size < 12 or not length_crc_ok(buf, 0):
                    raise NotEventFile("it does not start with a TFRecord header (the length's CRC does not match)")
                before = {tag: len(chunks) for tag, chunks in self.tags.items()}
                self._read(buf, size, path.name)
                firsts = [float(c[2][0]) for tag, chunks in self.tags.items() for c in chunks[before.get(tag, 0):]
                          if c[2].size]
                if firsts:
                    self.file_walls.append((min(firsts), path.name))
            except NotEventFile:
                raise
            except Exception as exc:  # noqa: BLE001 - a record no decoder expected: keep what came before it
                failure = f"{type(exc).__name__}: {exc}"
                traceback.clear_frames(exc.__traceback__)  # its frames hold numpy views of the mmap
                del exc
            finally:
                buf.release()
        if failure is not None:
            self.warnings.append(f"{path.name}: stopped at a record that cannot be decoded ({failure}); read the "
                                 f"{self._file_records} records before it")

    def _read(self, buf: memoryview, size: int, name: str) -> None:
        b = np.frombuffer(buf, dtype=np.uint8)
        self._file_records = 0
        pos = 0
        while pos < size:
            fr = frame(buf, pos, size, CHUNK)
            stop = self._chunk(b, buf, fr.data_offs, fr.data_lens, size, name) if fr.data_offs.size else None
            if stop is not None:
                self.warnings.append(stop)
                return
            if fr.stop is not None:
                self.warnings.append(f"{name}: {fr.stop}; read the {self._file_records} records before it")
                return
            _release(buf, pos, fr.next_pos)
            pos = fr.next_pos

    def _chunk(self, b: np.ndarray, buf: memoryview, offs: np.ndarray, lens: np.ndarray, size: int,
               name: str) -> str | None:
        """Decode one chunk of records into self.tags; returns a warning if reading must stop inside it."""
        n = offs.size
        stop_note = None
        if self.verify_crc:
            bad = _first_bad_crc(b, buf, offs, lens)
            if bad is not None:
                n = bad
                stop_note = (f"{name}: the record at byte {int(offs[bad]) - 12} fails its CRC check; "
                             f"read the {self._file_records + bad} records before it")
                offs, lens = offs[:n], lens[:n]
        parts: dict[str, list[_Part]] = {}
        covered = np.zeros(n, dtype=bool)
        for tag, part in (self._fast(b, buf, offs, lens, size) if self.fast else []):
            parts.setdefault(tag, []).append(part)
            covered[part.idx] = True
        starts: list[tuple[int, int]] = []
        slow: dict[str, list[tuple[int, int, float, float]]] = {}
        skipped = 0
        for i in np.flatnonzero(~covered).tolist():
            start, end = int(offs[i]), int(offs[i] + lens[i])
            try:
                ev = decode_event(buf, start, end)
            except WireError:
                if masked_crc32c(bytes(buf[start:end])) != int.from_bytes(buf[end:end + 4], "little"):
                    n = i
                    stop_note = (f"{name}: the record at byte {start - 12} is corrupt (its CRC does not match); "
                                 f"read the {self._file_records + i} records before it")
                    break
                skipped += 1
                continue
            if ev.session_start:
                starts.append((i, ev.step))
            for sc in ev.scalars:
                slow.setdefault(sc.tag, []).append((i, ev.step, sc.value, ev.wall_time))
        if skipped:
            self.warnings.append(f"{name}: skipped {skipped} record(s) that are not valid Event messages")
        for tag, rows in slow.items():
            idx, st, va, wa = zip(*rows)
            parts.setdefault(tag, []).append(_Part(np.array(idx, dtype=np.int64), np.array(st, dtype=np.int64),
                                                   np.array(va, dtype=np.float64), np.array(wa, dtype=np.float64)))
        merged = {tag: _merge(ps, n) for tag, ps in parts.items()}
        merged = dict(sorted(merged.items(), key=lambda kv: int(kv[1].idx[0]) if kv[1].idx.size else n))
        for i, step in starts:
            if i < n:
                snap = dict(self.counts)
                for tag, p in merged.items():
                    snap[tag] = snap.get(tag, 0) + int(np.searchsorted(p.idx, i))
                self.starts.append((step, snap))
        for tag, p in merged.items():
            if p.idx.size:
                self.tags.setdefault(tag, []).append((p.steps, p.values, p.wall))
                self.counts[tag] = self.counts.get(tag, 0) + p.idx.size
        self.records += n
        self._file_records += n
        return stop_note

    def _fast(self, b: np.ndarray, buf: memoryview, offs: np.ndarray, lens: np.ndarray, size: int
              ) -> list[tuple[str, _Part]]:
        """Template-decode the records that hold exactly one scalar in a common layout."""
        cand = np.flatnonzero((lens >= 16) & (offs + 21 <= size))
        o = offs[cand]
        keep = b[o] == 0x09
        cand, o = cand[keep], o[keep]
        if not cand.size:
            return []
        wall = np.ascontiguousarray(sliding_window_view(b, 8)[o + 1]).view("<f8").ravel()
        p0 = o + 9
        has_step = b[p0] == 0x10
        v = sliding_window_view(b, 10)[p0 + 1]
        term = v < 0x80
        vlen = np.argmax(term, axis=1) + 1
        width = int(vlen.max())  # steps below 2**21 need at most 3 bytes: decode only the columns in use
        digits = (v[:, :width] & 0x7F).astype(np.uint64) << _SHIFTS[:width]
        digits[np.arange(width) >= vlen[:, None]] = 0
        steps = np.where(has_step, digits.sum(axis=1, dtype=np.uint64).view(np.int64), 0)
        p = np.where(has_step, p0 + 1 + vlen, p0)
        suffix = o + lens[cand] - p
        ok = (term.any(axis=1) | ~has_step) & (suffix >= 12)
        h = sliding_window_view(b, 6)[np.where(ok, p, 0)]
        ok &= ((h[:, 0] == 0x2A) & (h[:, 2] == 0x0A) & (h[:, 4] == 0x0A) & (h[:, 1] == suffix - 2)
               & (h[:, 3] == suffix - 4) & (h[:, 5] < 0x80) & (h[:, 5].astype(np.int64) + 6 < suffix))
        sel = np.flatnonzero(ok)
        key = suffix[sel] * 128 + h[sel, 5].astype(np.int64)
        order = sel[np.argsort(key, kind="stable")]
        bounds = np.flatnonzero(np.diff(key[np.argsort(key, kind="stable")])) + 1
        out: list[tuple[str, _Part]] = []
        for grp in np.split(order, bounds):
            if not grp.size:
                continue
            length, tag_len = int(suffix[grp[0]]), int(h[grp[0], 5])
            rows = sliding_window_view(b, length)[p[grp]]
            for sub in _split_by_tag(rows, tag_len):
                tpl = self._template(buf, rows[sub[0]], int(o[grp[sub[0]]]), int(lens[cand[grp[sub[0]]]]),
                                     int(p[grp[sub[0]]]), tag_len)
                if tpl is None:
                    continue
                r = rows[sub]
                match = (r[:, tpl.const] == tpl.expected).all(axis=1)
                m = grp[sub[match]]
                raw = np.ascontiguousarray(r[match, tpl.voff:tpl.voff + tpl.vsize])
                vals = raw.view(tpl.dtype).ravel().astype(np.float64)
                out.append((tpl.tag, _Part(cand[m], steps[m], vals, wall[m])))
        return out

    def _template(self, buf: memoryview, row: np.ndarray, start: int, length: int, p: int, tag_len: int
                  ) -> _Template | None:
        cache_key = (row.size, row[:6 + tag_len].tobytes())
        if cache_key in self._templates:
            return self._templates[cache_key]
        tpl = None
        try:
            ev = decode_event(buf, start, start + length)
        except WireError:
            ev = None
        if ev is not None and len(ev.scalars) == 1 and ev.scalars[0].size > 0 and not ev.session_start:
            sc = ev.scalars[0]
            voff = sc.offset - p
            if voff >= 6 + tag_len and voff + sc.size <= row.size:
                const = np.ones(row.size, dtype=bool)
                const[voff:voff + sc.size] = False
                tpl = _Template(sc.tag, voff, sc.size, sc.dtype, const, row[const].copy())
        self._templates[cache_key] = tpl
        return tpl

    def arrays(self) -> Iterator[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
        """Per tag (tag, steps, values, wall) in file order, after SessionLog.START purges (as TensorBoard does).

        Consumes the collected chunks tag by tag, so peak memory stays near one copy of the points.
        """
        while self.tags:
            tag = next(iter(self.tags))
            chunks = self.tags.pop(tag)
            steps = np.concatenate([c[0] for c in chunks]).astype(np.float64)
            values = np.concatenate([c[1] for c in chunks])
            wall = np.concatenate([c[2] for c in chunks])
            del chunks
            if self.starts:
                keep = np.ones(steps.size, dtype=bool)
                for start_step, snap in self.starts:
                    c = snap.get(tag, 0)
                    keep[:c] &= steps[:c] < start_step
                if not keep.all():
                    self.warnings.append(f"{tag}: a restart marker (SessionLog.START, e.g. purge_step) discarded "
                                         f"{int((~keep).sum())} earlier point(s) at or after its step")
                    steps, values, wall = steps[keep], values[keep], wall[keep]
            yield tag, steps, values, wall


def _release(buf: memoryview, start: int, end: int) -> None:
    """Drop the pages of records already decoded from this process's resident set (the page cache keeps them)."""
    obj = buf.obj
    if isinstance(obj, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        lo = start - start % mmap.PAGESIZE
        hi = end - end % mmap.PAGESIZE
        if hi > lo:
            obj.madvise(mmap.MADV_DONTNEED, lo, hi - lo)


def _split_by_tag(rows: np.ndarray, tag_len: int) -> list[np.ndarray]:
    """Row indices grouped by the tag bytes (hash, then each group is verified against its template)."""
    nb = (tag_len + 7) // 8
    padded = np.zeros((rows.shape[0], nb * 8), dtype=np.uint8)
    padded[:, :tag_len] = rows[:, 6:6 + tag_len]
    hashes = (padded.view("<u8") * _MULT[np.arange(nb) % _MULT.size]).sum(axis=1, dtype=np.uint64)
    if hashes.size and (hashes == hashes[0]).all():
        return [np.arange(rows.shape[0])]
    order = np.argsort(hashes, kind="stable")
    bounds = np.flatnonzero(np.diff(hashes[order])) + 1
    return np.split(order, bounds)


def _merge(parts: list[_Part], limit: int) -> _Part:
    """One tag's points of a chunk in record order, cut at `limit` (a corrupt record stops the file)."""
    if len(parts) == 1:
        p = parts[0]
    else:
        idx = np.concatenate([q.idx for q in parts])
        order = np.argsort(idx, kind="stable")
        p = _Part(idx[order], np.concatenate([q.steps for q in parts])[order],
                  np.concatenate([q.values for q in parts])[order], np.concatenate([q.wall for q in parts])[order])
    if p.idx.size and p.idx[-1] >= limit:
        k = int(np.searchsorted(p.idx, limit))
        p = _Part(p.idx[:k], p.steps[:k], p.values[:k], p.wall[:k])
    return p


def _first_bad_crc(b: np.ndarray, buf: memoryview, offs: np.ndarray, lens: np.ndarray) -> int | None:
    """Index of the first record whose length or data CRC does not match (full verification, off by default)."""
    stored_len = np.ascontiguousarray(sliding_window_view(b, 4)[offs - 4]).view("<u4").ravel()
    stored_data = np.ascontiguousarray(sliding_window_view(b, 4)[offs + lens]).view("<u4").ravel()
    native = _native_crc32c()
    if native is not None:
        bad = [i for i in range(offs.size)
               if masked_crc32c(bytes(buf[int(offs[i]) - 12:int(offs[i]) - 4])) != stored_len[i]
               or masked_crc32c(bytes(buf[int(offs[i]):int(offs[i] + lens[i])])) != stored_data[i]]
        return bad[0] if bad else None
    ok = masked_crc32c_many(b, offs - 12, np.full_like(lens, 8)) == stored_len
    ok &= masked_crc32c_many(b, offs, lens) == stored_data
    return None if ok.all() else int(np.argmin(ok))
