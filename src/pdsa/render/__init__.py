"""Everything that turns results into something people read: terminal, Markdown, HTML, charts.

Modules here import rich or matplotlib; the core never does.
"""
