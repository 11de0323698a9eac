"""The desktop program (PySide6)."""
from . import qtfix

qtfix.install()
