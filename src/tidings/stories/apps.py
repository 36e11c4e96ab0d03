from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "tidings.stories"
    label = "stories"

    def ready(self) -> None:
        # The embed stage stores vectors in the database; the index copies them from there.
        from tidings.enrich.stored_embeddings import embeddings_stored
        from tidings.stories.vectors import index_stored_embeddings

        embeddings_stored.connect(index_stored_embeddings, dispatch_uid="stories.vector_index")
