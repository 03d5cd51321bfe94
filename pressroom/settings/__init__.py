"""Settings for Pressroom, read from the environment (see base.py)."""

from .base import *  # noqa: F403
