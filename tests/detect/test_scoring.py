import pytest

from bot.detect.scoring import Row, names_match, norm, score, value_match

GOLD: list[Row] = [
    {
        "id": "a1",
        "disputes": [
            {
                "value": 500,
                "alt_values": [480],
                "claimant": ["Harbour Council", "council"],
                "disputed_by": ["Port Authority"],
                "required": True,
            },
            {
                "value": 20,
                "claimant": ["Harbour Council"],
                "disputed_by": ["Port Authority"],
                "required": False,
            },
        ],
    },
    {"id": "a2", "disputes": []},
    {
        "id": "a3",
        "disputes": [{"value": 9, "claimant": ["Ana Ruiz"], "disputed_by": ["Club"], "required": True}],
    },
]


def test_norm_and_name_matching() -> None:
    assert norm("The Port-Authority's office") == "port authority s office"
    assert names_match("the Harbour Council spokesman", ["Harbour Council"])
    assert names_match("council", ["Harbour Council"])
    assert not names_match("co", ["co"])  # a predicted name under 3 characters never matches
    assert not names_match(None, ["Harbour Council"])


def test_value_matching_tolerance_alternatives_and_ranges() -> None:
    gold = {"value": 1000, "alt_values": [1200]}
    assert value_match({"value": 1004}, gold)
    assert not value_match({"value": 1006}, gold)
    assert value_match({"value": 1200}, gold)
    assert value_match({"value": None, "low": 900, "high": 1100}, gold)
    assert not value_match({"value": "n/a"}, gold)


def test_precision_recall_and_alarms() -> None:
    pred = {
        "articles": [
            {
                "id": "a1",
                "disputes": [
                    {"value": 480, "claimant": "the council", "disputed_by": "Port Authority"},
                    {
                        "value": 20,
                        "claimant": "Harbour Council",
                        "disputed_by": "Port Authority",
                    },  # optional: fine
                ],
            },
            {"id": "a2", "disputes": [{"value": 3, "claimant": "X Corp", "disputed_by": "Y Ltd"}]},
            {"id": "a3", "disputes": [{"value": 9, "claimant": "Bea Lind", "disputed_by": "Club"}]},
        ]
    }
    result = score(pred, GOLD)
    assert result.strict["precision"] == pytest.approx(0.5)
    assert result.strict["recall"] == pytest.approx(0.5)
    assert result.loose["precision"] == pytest.approx(0.75)
    assert result.loose["recall"] == pytest.approx(1.0)
    assert result.alarm == {"precision": pytest.approx(0.667), "recall": pytest.approx(1.0)}
    assert "  false alarm on negative article a2" in result.lines
    assert any(line.startswith("  missed a3: 9") for line in result.lines)
    assert result.summary().startswith("strict_f1=0.5 loose_f1=0.857 strict_p=0.5 strict_r=0.5")


def test_missing_article_counts_as_silent() -> None:
    result = score({"articles": []}, GOLD)
    assert result.strict["recall"] == 0.0
    assert result.alarm["recall"] == 0.0
