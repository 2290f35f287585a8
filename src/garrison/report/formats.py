"""The report formats by name: format -> (the module that renders it, one line for --help).

Kept free of imports so the command line can list the formats at start-up without loading any renderer
(`garrison --version` stays instant); `report.registry` imports the module of the one format asked for.
"""

FORMATS: dict[str, tuple[str, str]] = {
    "text": ("garrison.report.text", "the terminal report: score, then findings with evidence and fix"),
    "json": ("garrison.report.json", "a versioned document (schema: garrison/data/schema/report-v1.json)"),
}
