"""Following logs that are still being written: byte tails, incremental per-format parsers, source discovery.

`lossdoctor watch` is built on this package; every parser here reads only the bytes appended since the last
poll and reuses the readers' own row, record and line logic, so a followed log gives the Run the reader gives.
"""
