"""The daily check (`wutong check`): what the duty book required and the records do not show.

A gap (gap.py), the duty book's gaps (duty_gaps.py), the front desk's registers (desk.py) and how
the check reads, as text or JSON (listing.py).

It imports only `validate`, `records`, `reference`, `read` and `core`.
"""
