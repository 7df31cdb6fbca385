"""What `qadagalau rules` and the pages tell a prosecutor about each rule's source: the law by
name, article and paragraph, never the project's internal references to its source documents."""

from __future__ import annotations

import re

from shared.legal.rules import RULES, RULES_BY_CODE


def test_sources_cite_the_law_not_internal_references() -> None:
    for rule in RULES:
        assert not re.search(r"\bseed\b|\bL\d{2,}|\b00\d\b", rule.source), rule.code


def test_the_acts_terms_cite_their_own_articles_and_are_of_consideration() -> None:
    act_rule = RULES_BY_CODE["ACT_RESPONSE_TERM"]
    assert "Art. 33(3)" in act_rule.source and "Art. 36" in act_rule.source
    assert "36(2)" not in act_rule.source
    assert act_rule.description.startswith("consider")


def test_the_licence_threshold_says_it_is_a_proposal_offering_suspension_or_revocation() -> None:
    licence = RULES_BY_CODE["LICENCE_THRESHOLD"]
    assert "not yet law" in licence.source and "suspend or revoke" in licence.description
    assert "licence_act_kinds" in licence.settings


def test_completion_says_what_is_policy() -> None:
    completion = RULES_BY_CODE["COMPLETION_TERM"]
    assert "completed" in completion.description and "policy" in completion.source
