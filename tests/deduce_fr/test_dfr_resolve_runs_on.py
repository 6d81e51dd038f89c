"""Overlap resolution: a candidate that loses to a kept span of its own tag and runs on past its end extends it.

Before, resolution dropped a partly overlapping loser whole, so the words it alone covered stayed readable
('aéroport de Nice' kept, 'Nice Côte d'Azur' dropped: 'Côte d'Azur' left in clear)."""

X = "x" * 40


def test_same_tag_loser_running_on_extends_the_kept_span(deid):
    assert deid.resolve([(0, 15, "INSTITUTION"), (10, 22, "INSTITUTION")], X) == [(0, 22, "INSTITUTION")]


def test_extension_joins_every_kept_span_it_overlaps(deid):
    # kept first (longest): (0, 20); the loser (15, 30) runs on into the gap before (22, 34), kept after it
    spans = deid.resolve([(0, 20, "LOCATION"), (15, 30, "LOCATION"), (22, 34, "LOCATION")], X)
    assert spans == [(0, 34, "LOCATION")]


def test_loser_reaching_left_or_of_another_tag_does_not_extend(deid):
    assert deid.resolve([(5, 20, "INSTITUTION"), (0, 10, "INSTITUTION")], X) == [(5, 20, "INSTITUTION")]
    assert deid.resolve([(0, 12, "INSTITUTION"), (8, 20, "LOCATION")], X) == [(0, 12, "INSTITUTION")]


def test_a_loser_inside_the_kept_span_changes_nothing(deid):
    assert deid.resolve([(0, 20, "PERSON"), (5, 12, "PERSON")], X) == [(0, 20, "PERSON")]


def test_names_running_on_are_covered_whole(deid):
    for text, name in [("Chute dans le hall de l'aéroport de Nice Côte d'Azur lundi.", "aéroport de Nice Côte d'Azur"),
                       ("Serveur au restaurant Le Jardin d'Hiver depuis 2019.", "restaurant Le Jardin d'Hiver")]:
        spans = [(s.text, s.tag) for s in deid.annotate(text).spans]
        assert (name, "INSTITUTION") in spans, spans


def test_a_title_before_a_name_stays_outside(deid):
    spans = [(s.text, s.tag) for s in deid.annotate("Vu ce jour par Me Nathalie Berthelot, avocate.").spans]
    assert spans == [("Nathalie Berthelot", "PERSON")]
