"""Writing records: new files from templates, quick entries, a new estate.

`wutong new` (new_record.py), the front desk's one-line entries (desk_entry.py), changing one
record in place, locked and validated (record_edit.py, record_lock.py), and `wutong init`
(new_estate.py).

It imports only `check`, `validate`, `records`, `reference`, `read`, `core` and `data`; never
`outputs` or `cli`.
"""
