"""Every file format dti-rules reads or writes, one module each.

- :mod:`~dti_rules.formats.csvio`: submissions as CSV tables, CSV rankings;
- :mod:`~dti_rules.formats.xlsx_form`: the Excel form a unit fills in, and reading it back;
- :mod:`~dti_rules.formats.xlsx`: scorecard and ranking workbooks;
- :mod:`~dti_rules.formats.html`: one self-contained HTML page per scorecard or ranking;
- :mod:`~dti_rules.formats.markdown`: the scorecard with its audit trail;
- :mod:`~dti_rules.formats.terminal`: the tables the command line prints;
- :mod:`~dti_rules.formats.template`: the submission skeleton of a rule set;
- :mod:`~dti_rules.formats.loading`: :func:`~dti_rules.formats.loading.load_submission`,
  which reads a submission in any of these formats.

JSON and YAML documents are read at the boundary of the core (``dti_rules._fileio``),
since rule sets are YAML; the modules here build on the core and on the analyses, never
the other way round.
"""
