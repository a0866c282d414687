"""The HTML report's stylesheet: readable on a 1280 px screen, a 390 px phone (tables
reflow into one card per row, charts scale) and A4 paper, in light and dark mode.

Every text colour meets WCAG AA (4.5:1) on its background in both modes; axe-core checks
the page in the test suite. The charts are drawn for a white page, so in dark mode they
sit on a light card of their own rather than being inverted.
"""

CSS = """
:root { color-scheme: light dark;
        --bg: #ffffff; --ink: #1d2433; --dim: #5b6475; --line: #d9dde5; --ok: #1b7f3b;
        --bad: #b3261e; --warn: #7a4f00; --accent: #1f5fa8; --card: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #14171c; --ink: #e7eaf0; --dim: #aab2c0; --line: #3a404b; --ok: #6fd694;
          --bad: #ff8f85; --warn: #f2b661; --accent: #8fb8f7; --card: #ffffff; }
}
* { box-sizing: border-box; }
html { background: var(--bg); }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); margin: 0 auto; max-width: 1080px; padding: 24px 28px 64px;
       overflow-wrap: break-word; }
a { color: var(--accent); }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 36px 0 8px;
     border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 4px; }
.aim { font-size: 16px; margin: 6px 0; } .meta, .dim { color: var(--dim); font-size: 13px; }
.badges span { display: inline-block; border: 1px solid var(--line); border-radius: 12px;
               padding: 1px 10px; margin: 2px 4px 2px 0; font-size: 13px; }
.verdict { margin: 2px 0 4px; }
.verdict .rules { color: var(--dim); font-size: 13px; }
.badge { font-size: 12px; font-weight: 500; border: 1px solid var(--line); border-radius: 10px;
         padding: 0 8px; color: var(--dim); vertical-align: 2px; }
.badge.signal { border-color: var(--accent); color: var(--accent); }
figure { margin: 6px 0 18px; background: var(--card); border-radius: 8px; padding: 6px; }
figure svg { width: 100%; height: auto; display: block; }
figure details { color: #1d2433; font-size: 13px; padding: 2px 6px 4px; }
figure summary { cursor: pointer; color: #1f5fa8; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 13.5px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { font-weight: 600; color: var(--dim); font-size: 12.5px; text-transform: uppercase;
     letter-spacing: .03em; }
td.num { text-align: right; white-space: nowrap; }
td.cycle { width: 18%; border-right: 1px solid var(--line); } td.statement { width: 36%; }
.keep { break-after: avoid; }
.yes { color: var(--ok); font-weight: 600; } .no { color: var(--bad); font-weight: 600; }
.notjudged { color: var(--dim); } .pending { color: var(--warn); }
.ramp { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; margin: 4px 0 10px; }
.step { border: 1px solid var(--line); border-radius: 6px; padding: 3px 8px; font-size: 13px;
        max-width: 100%; }
.step b { display: block; font-weight: 600; } .arrow { color: var(--dim); }
.adopt, .adopted { border-color: var(--ok); } .abandon, .abandoned { border-color: var(--bad); }
.adapt, .testing { border-color: var(--warn); }
.status { font-size: 12px; border-radius: 10px; padding: 0 8px; border: 1px solid; }
ul.tree, ul.tree ul { list-style: none; padding-left: 18px; margin: 2px 0; }
ul.tree li { margin: 3px 0; }
.attention li { margin: 4px 0; }
.icon { vertical-align: -4px; background: #ffffff; border-radius: 50%; }
.learning h4 { font-size: 15px; margin: 12px 0 2px; }
ol.story { padding-left: 20px; margin: 4px 0 12px; }
.story dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px;
            margin: 2px 0; }
.story dt { color: var(--dim); font-size: 13px; } .story dd { margin: 0; min-width: 0; }
.story dd.met { color: var(--ok); } .story dd.not-met { color: var(--bad); }
.story dd.pending { color: var(--warn); }
.warning { color: var(--warn); font-weight: 600; }
@media (max-width: 640px) {
  body { padding: 14px 12px 48px; font-size: 15px; }
  h1 { font-size: 22px; }
  /* Each table row becomes a card: every cell on its own line, named by its column. */
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead tr { position: absolute; width: 1px; height: 1px; overflow: hidden;
             clip: rect(0 0 0 0); }
  tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 8px; padding: 4px 0; }
  td, td.num { border: none; padding: 2px 10px; text-align: left; white-space: normal;
               overflow-wrap: anywhere; }
  td.cycle, td.statement { width: auto; border-right: none; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--dim);
                           font-size: 12.5px; font-weight: 600; }
  .story dl { grid-template-columns: minmax(0, 1fr); }
  .story dd { margin-bottom: 4px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  :root { --bg: #ffffff; --ink: #1d2433; --dim: #5b6475; --line: #d9dde5; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3 { break-after: avoid; } section, figure, tr, .ramp { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  figure details { display: none; }
}
"""
