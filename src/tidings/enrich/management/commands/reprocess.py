from django.core.management.base import BaseCommand
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich.models import ReprocessJob
from tidings.enrich.stages import BATCH, REPROCESSABLE, run_stage
from tidings.progress import progress


class Command(BaseCommand):
    help = (
        "Run one stage again over every stored article, oldest first. A run that was "
        "stopped resumes where it stopped; --restart starts from the first article."
    )

    def add_arguments(self, parser):
        parser.add_argument("stage", choices=list(REPROCESSABLE))
        parser.add_argument("--restart", action="store_true", help="do not resume; start over")

    def handle(self, *args, stage, restart=False, **options):
        job = ReprocessJob.objects.filter(stage=stage, finished_at__isnull=True).first()
        if job is not None and restart:
            job.finished_at = timezone.now()
            job.save(update_fields=["finished_at"])
            job = None
        if job is None:
            job = ReprocessJob.objects.create(stage=stage, total=Article.objects.count())
        else:
            self.stderr.write(f"Resuming {stage}: {job.done} of {job.total} articles were done.")
        remaining = Article.objects.filter(pk__gt=job.last_article_id).order_by("pk")
        ids = list(remaining.values_list("pk", flat=True))
        failed = 0
        batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
        for batch in progress(batches, desc=stage, unit="batch"):
            failed += not run_stage(stage, batch)
            # Saved after every batch: a killed run resumes after the last batch it finished.
            job.last_article_id = batch[-1]
            job.done += len(batch)
            job.save(update_fields=["last_article_id", "done"])
        job.finished_at = timezone.now()
        job.save(update_fields=["finished_at"])
        self.stdout.write(
            f"{stage}: {job.done} articles processed"
            + (f"; {failed} batches failed (see the log)" if failed else "")
            + "."
        )
        if stage == "extract":
            self.stdout.write("The texts changed: run the other stages again to follow them.")
