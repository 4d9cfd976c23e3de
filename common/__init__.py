"""Plumbing without domain knowledge, shared by every app: uploads and stored files, form errors and form
helpers, paging, CSV export, the engine for JSON documents (declaration, form, validation), the
edit-conflict error, the BSN check, the post stash, the client's address, the no-store middleware, the NUL
guard (middleware and API parsers), API validation errors, the API's error answers in its schema, its rate
limits and its JSON 404, and the one PDF renderer. It imports no app (checked by lint-imports)."""
