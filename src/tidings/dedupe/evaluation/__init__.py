"""How well copies are found, on a labelled set built from real articles.

``scores.evaluate_dedupe(data_dir)`` (``tidings eval dedupe``) reads the real full texts in
the shared data folder (``real_texts``) and labels pairs of texts (``labelled_set``):

- copies made from each article by controlled, seeded edits (``edits.EDITS``): what
  outlets do to a wire story, one edit at a time and combined;
- the real wire copies in that data (read and labelled by hand,
  ``real_texts.REAL_COPY_GROUPS``);
- hard negatives: different articles about the same event (the Giveme5W1H set groups
  articles by event), an edited copy of one of them against another, and articles on
  similar topics (same category); plus unrelated pairs.

A pair is found when LSH proposes it and the exact similarity reaches the threshold, as in
``copy_index.CopyIndex``. The scores are given for a sweep of thresholds, and for the whole
index run once over the originals and all their copies in a shuffled arrival order.
``speed.measure_speed`` times the index on the same texts.
"""
