"""Plumbing without domain knowledge, shared by every app: uploads and stored files, form errors and form
helpers, paging, CSV export, the edit-conflict error, the BSN check, the post stash, the client's address,
the no-store middleware, API validation errors and the NUL guard (middleware and API parsers). It imports no app (checked by lint-imports)."""
