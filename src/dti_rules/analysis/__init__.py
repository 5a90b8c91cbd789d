"""What dti-rules works out from rule sets and Results, beyond one unit's score.

- :mod:`~dti_rules.analysis.audit`: recompute a report's own figures and judge them;
- :mod:`~dti_rules.analysis.lint`: what an encoded document gets wrong or leaves unclear;
- :mod:`~dti_rules.analysis.ranking`: units ranked by their published index;
- :mod:`~dti_rules.analysis.agenda`: every due day of a rule set in a year.
"""
