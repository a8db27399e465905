"""B24 Chat Lookup: the Bitrix24 chat behind a CRM entity, an Open Lines session or a live chat."""

# The one place the version lives: pyproject.toml reads it from here (no importlib.metadata at
# start-up, and a frozen bundle has no package metadata).
__version__ = "0.1.0"
