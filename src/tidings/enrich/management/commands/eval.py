import importlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import tidings

# NAME -> (function that scores a labelled folder, that folder's name in the data folder)
EVALUATIONS = {
    "extraction": ("tidings.extract.benchmark:evaluate_extraction", "extraction"),
    "tagging": ("tidings.enrich.tagging_eval:evaluate_tagging", "keyphrases"),
    "dedupe": ("tidings.dedupe.evaluation.scores:evaluate_dedupe", ""),
    "moderation": ("tidings.comments.moderation.evaluation:evaluate_moderation", "moderation"),
    "clustering": ("tidings.stories.clustering_eval:evaluate_clustering", ""),
    "related": ("tidings.stories.related_eval:evaluate_related", ""),
    "summary": ("tidings.ai.summary_eval:evaluate_summary", "ai/multinews-longbench"),
    "five-w": ("tidings.ai.five_w_eval:evaluate_five_w", "ai/giveme5w1h-gold"),
    "answer": ("tidings.ai.answer_eval:evaluate_answer", "ai/quail-news"),
    "stance": ("tidings.ai.stance_eval:evaluate_stance", "ai/fnc1-stance"),
    "facts": ("tidings.enrich.facts_eval:evaluate_facts", ""),
}


def default_data_dir(folder: str) -> Path:
    """The matching folder of the labelled data kept beside a development checkout."""
    checkout = Path(tidings.__file__).resolve().parents[2]
    for root in (checkout.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if root.is_dir():
            return root / folder if folder else root
    raise CommandError(
        "No labelled data found; name its folder with --data DIR (see docs/quality.md)."
    )


class Command(BaseCommand):
    help = "Score one stage on a labelled data set and print the scores as one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=list(EVALUATIONS))
        parser.add_argument(
            "--data",
            metavar="DIR",
            help="a folder with the labelled data (see docs/quality.md)",
        )

    def handle(self, *args, name, data=None, **options):
        target, folder = EVALUATIONS[name]
        data_dir = Path(data) if data else default_data_dir(folder)
        if not data_dir.is_dir():
            raise CommandError(
                f"{data_dir} is not a folder; name the labelled data's folder with --data DIR "
                "(see docs/quality.md)."
            )
        module, function = target.split(":")
        scores = getattr(importlib.import_module(module), function)(data_dir)
        self.stdout.write(json.dumps({"name": name, "data": str(data_dir), **scores}))
