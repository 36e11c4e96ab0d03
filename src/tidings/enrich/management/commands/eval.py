import importlib
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import tidings

# NAME -> (function that scores a labelled folder, that folder's name under shared/data)
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
}


def default_data_dir(folder: str) -> Path:
    """The matching folder of ../shared/data beside the checkout (or the working folder)."""
    checkout = Path(tidings.__file__).resolve().parents[2]
    for root in (checkout.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if root.is_dir():
            return root / folder if folder else root
    raise CommandError("No ../shared/data beside this checkout; name the data with --data DIR.")


class Command(BaseCommand):
    help = "Score one stage on a labelled data set and print the scores as one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=list(EVALUATIONS))
        parser.add_argument("--data", metavar="DIR", help="the labelled data (default: shared)")

    def handle(self, *args, name, data=None, **options):
        target, folder = EVALUATIONS[name]
        data_dir = Path(data) if data else default_data_dir(folder)
        if not data_dir.is_dir():
            raise CommandError(f"{data_dir} is not a folder.")
        module, function = target.split(":")
        scores = getattr(importlib.import_module(module), function)(data_dir)
        self.stdout.write(json.dumps({"name": name, "data": str(data_dir), **scores}))
