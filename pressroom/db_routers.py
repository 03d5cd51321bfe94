"""Send reads to a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL)."""


class ReadReplicaRouter:
    """
    Reads go to "replica", writes to "default". Relations between objects from
    either are allowed: both hold the same data. Migrations run on "default"
    only; the replica receives them by replication.
    """

    def db_for_read(self, model, **hints):
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
