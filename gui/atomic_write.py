"""Kept so old imports work; the one implementation is :mod:`gui.user_files`."""

from gui.user_files import write_atomically

__all__ = ["write_atomically"]
