"""Reference data every record is checked against: the department and the duty book.

records/org.yml (org.py), records/duties.yml (duty_book.py, survey_items.py), China's working
days and records/calendar.yml (workdays.py), and when a dated duty falls due (due.py).

It imports only `read` and `core`.
"""
