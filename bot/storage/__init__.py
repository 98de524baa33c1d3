"""Persistence: SQLAlchemy models, the store, encryption at rest, and Alembic migrations."""
