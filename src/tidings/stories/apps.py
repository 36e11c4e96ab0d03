from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "tidings.stories"
    label = "stories"

    def ready(self) -> None:
        # The embed stage stores vectors in the database; the index copies them from there.
        from tidings.enrich.stored_embeddings import embeddings_stored

        embeddings_stored.connect(index_announced_embeddings, dispatch_uid="stories.vector_index")


def index_announced_embeddings(sender: object, **announcement) -> None:
    # The index brings numpy and faiss: imported by the process that embeds, not by every
    # command that sets Django up.
    from tidings.stories.vectors import index_stored_embeddings

    index_stored_embeddings(sender, **announcement)
