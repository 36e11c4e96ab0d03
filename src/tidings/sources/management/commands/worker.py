from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tidings.enrich.leases import holder_is_dead, release_dead_holders
from tidings.stories.models import ClusteringState

# The Huey lock that enrichment took before its lease existed: one left in the queue's
# storage by a killed worker would otherwise outlive the upgrade.
OLD_HUEY_LOCKS = "enrich-pending"


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
        freed = free_what_dead_workers_held()
        if freed:
            self.stdout.write(
                f"Freed what stopped workers of this machine held: {', '.join(freed)}"
            )
        extra = ["--no-periodic"] if no_scheduler else []
        call_command(
            "run_huey",
            "--workers",
            str(workers),
            "--worker-type",
            "thread",
            "--extra-locks",
            OLD_HUEY_LOCKS,
            *extra,
        )


def free_what_dead_workers_held() -> list[str]:
    """Release the enrichment lease and the clustering claim where a killed process of this
    machine held them, so that a restarted worker resumes at once instead of when they run
    out. Holders on other machines are left to their expiry."""
    freed = release_dead_holders()
    state = ClusteringState.objects.filter(pk=1, claimed_until__isnull=False).first()
    if state is not None and holder_is_dead(state.claimed_by):
        ClusteringState.objects.filter(pk=1, claimed_by=state.claimed_by).update(claimed_until=None)
        freed.append("clustering")
    return freed
