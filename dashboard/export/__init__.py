"""The meeting pack: one round's status as PowerPoint, PDF and Excel, and the slides of the
meeting mode. No Streamlit here: the command line (``ehelse export``) uses the same code.

* :mod:`.content` gathers the round's numbers once (``build_pack``), optionally pinned to the
  data as of one import batch.
* :mod:`.slides` is the slide registry: numbered slide builders that turn the pack into
  format-neutral blocks (metrics, tables, charts, text). PowerPoint, PDF and the meeting-mode page
  all draw the same blocks, so they say the same thing.
* :mod:`.images` renders the charts to PNG once per export with kaleido (system Chromium).
* :mod:`.pptx_writer`, :mod:`.pdf_writer`, :mod:`.xlsx_writer` write the files;
  :mod:`.service` is what the CLI and the pages call (and what writes the audit event).

Nothing is imported or computed at import time.
"""
