"""Telegram command and callback handlers: one module per feature, each exposing ``register``."""
