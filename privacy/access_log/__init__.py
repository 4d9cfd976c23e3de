"""The access log at volume: its monthly partitions (partitions.py), the hook that resolves a client search
to ids (hooks.py), and the privacy officer's viewer (viewer.py). Rows are written by
privacy.services.access_log_record."""
