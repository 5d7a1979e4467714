"""The words the parser reads live in vocabulary.toml; guesses offered in the import preview come from it too."""

import pytest

from plans.parsing.vocabulary import load_vocabulary


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("青岚街道", "street"),
        ("云溪经济开发区管委会", "zone"),
        ("区公安分局", "branch"),
        ("区财政局", "bureau"),
        ("区城投集团", "enterprise"),
        ("区委办公室", "office"),
        ("区融媒体中心", None),
    ],
)
def test_a_new_units_kind_is_suggested_by_the_end_of_its_name(name, kind):
    assert load_vocabulary().unit_kind_for(name) == kind
