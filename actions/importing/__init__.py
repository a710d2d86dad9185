"""Import a business plan's actions from a spreadsheet (XLSX or CSV)."""
