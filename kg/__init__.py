"""gijiroku-kg: who said what, about which topic, in which meeting."""

__version__ = "0.1.0"
