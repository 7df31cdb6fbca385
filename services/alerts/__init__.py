"""The alerts service: what prosecutors and chambers work with once a breach is found.

One room per concept, each with the same inner shape — `models` (its tables), `service` (the
work, inside the caller's unit of work; never commits), `api` (its HTTP edge, which commits),
`consumers` (its bus edge, which commits), and `jobs` where it has scheduled work:

- `queue/`      the alert queue and each alert's lifecycle      /api/v1/alerts
- `acts/`       the ledger of supervisory acts                  /api/v1/acts
- `bailiffs/`   the bailiff registry, records, licence counts,  /api/v1/bailiffs, /breaches,
                the inspection plan                             /licence, /inspection-plan
- `proposals/`  licence-suspension proposals                    /api/v1/proposals
- `reports/`    chambers, their reports and inbox, the tick     /api/v1/reports
- `documents/`  rendering (PDF, XLSX, DOCX) and stored files
- `deliveries/` the postman: e-mail and webhook with retries

Rooms of this service may use each other's services and tables (they share one database); no
other service imports them.
"""
