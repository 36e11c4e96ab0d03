from tidings.dedupe.evaluation.scores import evaluate_dedupe


def test_evaluation_on_the_labelled_set(shared_data):
    scores = evaluate_dedupe(shared_data)
    assert scores["precision"] >= 0.99 and scores["recall"] >= 0.85
    assert scores["by_edit"]["real_wire_copy"] >= 0.9
    assert scores["false_positives_same_event"] == 0
    assert scores["end_to_end"]["links_to_a_later_article"] == 0
