"""The pure dialogue core: events in, actions out, no I/O libraries (a test enforces it)."""
