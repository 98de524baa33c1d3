"""Channels: thin adapters between a chat surface and the application's events and actions."""
