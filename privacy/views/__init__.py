"""The privacy app's pages: logging in (``login``), and the privacy officer's retention and destruction pages
(``retention``: the landing, holds, rules, early deletion; ``destruction``: the lists, their review,
progress and the destruction record)."""
