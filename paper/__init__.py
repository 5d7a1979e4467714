"""What every printed document shares — the 督办单, the report's Word, PDF and Excel files, the assessment and
the plan ledger: dates written as on government paper (2026年12月15日) and the office that signs.

Lowest layer: imports nothing from the project's apps, so every app may use it.
"""
