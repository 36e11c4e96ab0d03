from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Run background workers alone: fetching, extraction and the schedule. Start several "
        "on many machines with REDIS_URL set; give all but one --no-scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.HUEY["consumer"]["workers"],
            help="worker threads (default: TIDINGS_WORKERS)",
        )
        parser.add_argument(
            "--no-scheduler", action="store_true", help="do not queue due sources from here"
        )

    def handle(self, *args, workers, no_scheduler=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        extra = ["--no-periodic"] if no_scheduler else []
        call_command("run_huey", "--workers", str(workers), "--worker-type", "thread", *extra)
