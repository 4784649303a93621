"""Work spread over processes and machines: the procrastinate job queue (``queue``), the
``claimwatch worker`` process (``worker``) and the election of the one active sender
(``election``). Used only with PostgreSQL; on SQLite one ``claimwatch run`` does everything."""
