"""Panel verdicts: reviewers vote on a claim's rating, a majority publishes, agreement measured.

``FACTCHECK_PANEL_SIZE`` reviewers (default 1: the four-eyes rule) vote blind on each review
round; the editor who proposed the rating does not vote. ``models`` holds the votes,
``services`` the rules (who may vote, when a majority publishes, when a claim is disputed),
``selectors`` what each person may see of the votes, ``agreement`` the figures.
"""
