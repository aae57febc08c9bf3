"""The lab: seeded bot matches in parallel, with CSV files, a terminal table and charts (``spiral lab``)."""
