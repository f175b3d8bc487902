"""Storage: SQLModel tables, the engine, Alembic migrations and the write side of ingestion."""
