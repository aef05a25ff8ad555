"""The product's colours, in one place: the pages' theme (dashboard/theme.py), the style
sheets (as the CSS variable ``--ehelse-primary``), the charts, and the workbooks the importers
write (header rows). Status colours and their shapes live with the theme (dashboard/theme.py)."""

#: The directorate's dark blue: headings, header rows, focus rings, buttons.
PRIMARY = "#1F3A5F"
