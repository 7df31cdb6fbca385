"""The monitor service: every statutory term judged as events arrive and on the day it falls due.

Two rooms, each with the same inner shape as the alerts service's (`models`, `service`, `api`,
`consumers`, `jobs`):

- `judge/`  facts, current breaches and next checks; the consumer of `proceedings.events`, the
            sweep; `/api/v1/proceedings`, `/api/v1/monitor/sweep`
- `risk/`   breach-risk models, scores and bailiff indicators; the daily job; `/api/v1/risk`
"""
