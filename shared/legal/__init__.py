"""The legal core: pure code, no I/O beyond reading its own data files.

- `calendar`: Kazakhstan working days and the arithmetic of statutory terms (domain.md §3);
- `history`: one proceeding's events folded into the facts the rules need;
- `rules`: the breach rules of domain.md §4 as pure functions of a history and a date.
"""
