"""Risk analytics: which open proceedings are likely to breach a term, which bailiffs to look
at (docs/rules.md#beyond-the-letter). Pure code over folded histories
(`shared/legal/history.py`): the services load the facts and keep the models; nothing here reads
a database.

- `features`: a proceeding as of a day, as model features; its known outcomes.
- `model`: training with a time-based split, evaluation against the bailiff's past breach
  rate, scoring with the main reasons of each score.
- `indicators`: per-bailiff indicators and their outliers within the region.
"""
