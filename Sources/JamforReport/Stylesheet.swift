/// The pages' one inline style sheet: system fonts, a light layout that reads on screen and prints on A4.
enum Stylesheet {
    static let css = """
        :root {
          --ink: #1d2733; --muted: #5b6673; --rule: #d5dbe2; --paper: #ffffff; --wash: #f3f6f9;
          --focus: #1f4e79; --focus-wash: #e7eff7; --bar: #a9bfd6;
          --green: #1e6b34; --green-bg: #d3eeda; --yellow: #6b5300; --yellow-bg: #fbedb5;
          --red: #a3231b; --red-bg: #f8d5d1; --grey: #4d5660; --grey-bg: #e4e7eb; --target: #7b3fa0;
        }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body {
          margin: 0; background: var(--wash); color: var(--ink);
          font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif;
          font-size: 15px; line-height: 1.45;
        }
        .page { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; background: var(--paper); }
        a { color: var(--focus); }
        header.page-head { border-bottom: 3px solid var(--focus); padding-bottom: 12px; margin-bottom: 18px; }
        .crumb { margin: 0 0 6px; font-size: 14px; }
        h1 { font-size: 28px; margin: 0 0 4px; line-height: 1.2; }
        h2 { font-size: 20px; margin: 0 0 2px; line-height: 1.25; }
        h3 { font-size: 15px; margin: 0 0 4px; color: var(--muted); font-weight: 600; }
        .lede { margin: 4px 0; font-size: 16px; }
        .meta, .ind-meta { margin: 2px 0; color: var(--muted); font-size: 13.5px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { padding: 6px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        th { font-size: 12.5px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--rule); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.nowrap { white-space: nowrap; }
        tr.focus td { background: var(--focus-wash); font-weight: 600; }
        section.overview, section.indicator, section.block { margin: 0 0 22px; }
        section.indicator { border-top: 1px solid var(--rule); padding-top: 16px; }
        .facts { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 10px; margin: 12px 0 8px; }
        .fact { background: var(--wash); border-radius: 6px; padding: 8px 10px; min-width: 0; }
        .fact .label { display: block; font-size: 12px; color: var(--muted); }
        .fact .big { display: block; font-size: 21px; font-weight: 650; line-height: 1.25; white-space: nowrap; }
        .fact .sub { display: block; font-size: 12.5px; color: var(--muted); }
        .means { margin: 4px 0 10px; font-size: 13.5px; color: var(--muted); }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        figure { margin: 0; }
        figcaption { font-size: 13.5px; font-weight: 600; color: var(--muted); margin-bottom: 2px; }
        svg.chart { display: block; width: 100%; height: auto; }
        .badge {
          display: inline-block; padding: 1px 9px 1px 7px; border-radius: 10px; font-size: 13px; font-weight: 600;
          white-space: nowrap; border: 1px solid transparent;
        }
        .fact .badge { font-size: 15px; margin-top: 3px; }
        .badge::before { content: "●"; margin-right: 4px; }
        .badge.green { color: var(--green); background: var(--green-bg); border-color: var(--green); }
        .badge.yellow { color: var(--yellow); background: var(--yellow-bg); border-color: #c9a400; }
        .badge.red { color: var(--red); background: var(--red-bg); border-color: var(--red); }
        .badge.grey { color: var(--grey); background: var(--grey-bg); border-color: #9aa3ad; }
        .badge.none { color: var(--muted); background: transparent; border: 1px dashed #9aa3ad; }
        .badge.none::before { content: ""; margin: 0; }
        .chg { white-space: nowrap; font-weight: 600; }
        .chg.better { color: var(--green); }
        .chg.worse { color: var(--red); }
        .chg.same { color: var(--ink); }
        .status-marker { font-weight: 700; }
        .muted { color: var(--muted); }
        .note, footer { font-size: 12.5px; color: var(--muted); }
        .note { margin: 6px 0 0; }
        footer { border-top: 1px solid var(--rule); margin-top: 24px; padding-top: 10px; }
        footer p { margin: 3px 0; }
        svg text { font-family: inherit; fill: var(--ink); }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .grid { stroke: #e3e7ec; stroke-width: 1; }
        svg .axis { stroke: #8a949e; stroke-width: 1; }
        svg .rank { font-size: 12px; fill: var(--muted); }
        svg .name { font-size: 12.5px; }
        svg .focus { font-weight: 700; }
        svg .bar { fill: var(--bar); }
        svg .bar.focus { fill: var(--focus); }
        svg .focus-row { fill: var(--focus-wash); }
        svg .value { font-size: 12px; }
        svg .status { font-size: 12px; font-style: italic; fill: var(--muted); }
        svg .mean { stroke: #2b2b2b; stroke-width: 1.5; stroke-dasharray: 4 3; }
        svg .mean-label { font-size: 11px; fill: #2b2b2b; }
        svg .line-member { fill: none; stroke: var(--focus); stroke-width: 2.6; stroke-linejoin: round; }
        svg .line-network { fill: none; stroke: #6f7781; stroke-width: 2; stroke-dasharray: 7 4; }
        svg .line-country { fill: none; stroke: #a7afb8; stroke-width: 1.6; stroke-dasharray: 2 3; }
        svg .line-target { fill: none; stroke: var(--target); stroke-width: 1.2; stroke-dasharray: 2 3; }
        svg .dot-member { fill: var(--focus); stroke: #fff; stroke-width: 1.5; }
        svg .dot-member.synthetic { fill: #fff; stroke: var(--focus); stroke-width: 2; }
        svg .dot-network { fill: #6f7781; }
        svg .dot-network.synthetic { fill: #fff; stroke: #6f7781; stroke-width: 1.5; }
        svg .dot-country { fill: #a7afb8; }
        svg .target { fill: #fff; stroke: var(--target); stroke-width: 2; }
        svg .point-label { font-size: 11.5px; fill: var(--focus); font-weight: 600; }
        svg .legend-label { font-size: 12px; }
        svg .value, svg .point-label, svg .mean-label, svg .status {
          paint-order: stroke; stroke: #fff; stroke-width: 3.5px; stroke-linejoin: round;
        }
        svg .value.focus { stroke: var(--focus-wash); }
        table.heat { width: auto; }
        .heat td { vertical-align: middle; }
        .heat td.composite { font-weight: 700; font-size: 15px; }
        .heat th.cell-head { text-align: center; width: 9em; overflow-wrap: anywhere; hyphens: auto; }
        .heat td.cell { text-align: center; width: 8.5em; border-left: 2px solid #fff; }
        .heat td.cell .score { display: block; font-weight: 650; font-size: 15px; }
        .heat td.cell .raw { display: block; font-size: 12px; }
        .b0 { background: #f4c7c1; } .b1 { background: #f9dfc4; } .b2 { background: #f6f0c4; }
        .b3 { background: #d8ecc9; } .b4 { background: #b5dcb9; } .bnone { background: #eef0f2; color: var(--muted); }
        .legend-swatches { display: flex; flex-wrap: wrap; gap: 6px 14px; margin: 6px 0 18px; font-size: 13px; }
        section.composite figure { max-width: 640px; }
        .legend-swatches span.sw { display: inline-block; width: 28px; height: 14px; vertical-align: -2px; margin-right: 5px;
          border: 1px solid #c4cad1; }
        ol.indicators { margin: 6px 0; padding-left: 22px; font-size: 14px; }
        ol.indicators li { margin: 2px 0; }
        ul.members { columns: 3; margin: 6px 0; padding-left: 20px; font-size: 14px; }
        @media (max-width: 900px) {
          .facts { grid-template-columns: repeat(3, minmax(0, 1fr)); }
          .charts { grid-template-columns: 1fr; }
        }
        @page { size: A4; margin: 14mm 12mm; }
        @media print {
          body { background: #fff; font-size: 10.5pt; }
          .page { max-width: none; padding: 0; }
          .crumb { display: none; }
          a { color: inherit; text-decoration: none; }
          h1 { font-size: 20pt; }
          h2 { font-size: 14pt; }
          .facts { grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 6px; }
          .fact .big { font-size: 14pt; }
          .charts { grid-template-columns: 1fr; gap: 8px; }
          .charts svg.chart { max-width: 160mm; }
          .overview td, .overview th { padding: 4px 6px; }
          section.indicator, section.overview, figure, tr { break-inside: avoid; page-break-inside: avoid; }
          h2, figcaption { break-after: avoid; page-break-after: avoid; }
          thead { display: table-header-group; }
        }
        """
}
