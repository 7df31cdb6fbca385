"""The legal core: pure code, no I/O beyond reading its own data files.

- `calendar`: Kazakhstan working days and the arithmetic of statutory terms
  (docs/rules.md#counting-terms);
- `history`: one proceeding's events folded into the facts the rules need;
- `rules`: the breach rules of docs/rules.md as pure functions of a history and a date.
"""
