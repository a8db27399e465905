"""B24 Chat Lookup: which Bitrix24 chat belongs to a CRM entity, an Open Lines session or a live chat."""

from importlib import metadata

try:
    __version__ = metadata.version("b24-chat-lookup")
except metadata.PackageNotFoundError:  # a plain checkout or a frozen bundle without metadata
    __version__ = "0.1.0"
