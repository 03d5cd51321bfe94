"""Send reads to a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL)."""


class ReadReplicaRouter:
    """
    Reads go to "replica", writes to "default". Relations between objects from
    either are allowed: both hold the same data. Migrations run on "default"
    only; the replica receives them by replication.
    """

    # The task queue (django-tasks-db's app label) is read to be claimed and changed at
    # once: always on the primary.
    primary_only_apps = {"django_tasks_database"}

    def db_for_read(self, model, **hints):
        if model._meta.app_label in self.primary_only_apps:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
